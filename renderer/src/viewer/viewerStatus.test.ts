import { describe, expect, it } from 'vitest';
import { liveDetail, MAX_RECONNECT_ATTEMPTS, reconnectDelay, retryDetail, type ViewerStatus } from './viewerStatus';

describe('viewer status', () => {
  it('backs off 1, 2, 4, 8, 15 then 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000]);
  });

  it('announces the wait once, and counts it down only in the live text', () => {
    expect(retryDetail('Could not reach the desktop', 3)).toBe(`Could not reach the desktop. Reconnecting in 4 s (attempt 3 of ${MAX_RECONNECT_ATTEMPTS})…`);
    const waiting: ViewerStatus = {
      state: 'connecting',
      phase: 'retry_wait',
      detail: retryDetail('Lost', 3),
      failed: true,
      attempt: 3,
      retryAt: 10_000,
      reason: 'Lost',
    };
    expect(liveDetail(waiting, 7_500)).toBe(`Lost. Reconnecting in 3 s (attempt 3 of ${MAX_RECONNECT_ATTEMPTS})…`);
    expect(liveDetail(waiting, 12_000)).toContain('Reconnecting in 0 s');
    expect(liveDetail({ ...waiting, phase: 'connecting', detail: 'Connecting to the desktop…' }, 0)).toBe('Connecting to the desktop…');
  });
});
