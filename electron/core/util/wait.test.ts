import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_FOR_MS, EARLY_INTERVAL_MS, waitUntil, WaitAbortedError } from './wait';

afterEach(() => vi.useRealTimers());

/** An attempt that fails until `readyAt` (fake ms) and records when it was made. */
function attemptReadyAt(readyAt: number) {
  const at: number[] = [];
  const attempt = () => {
    at.push(Date.now());
    return Date.now() >= readyAt ? Promise.resolve('ready') : Promise.reject(new Error('not yet'));
  };
  return { attempt, at };
}

describe('waitUntil', () => {
  it('tries often at first (a local server answers within tens of ms), then every intervalMs', async () => {
    vi.useFakeTimers({ now: 0 });
    const { attempt, at } = attemptReadyAt(2_000);
    const done = waitUntil(attempt, { what: 'the server', timeoutMs: 5_000, intervalMs: 50 });
    await vi.advanceTimersByTimeAsync(2_100);
    await expect(done).resolves.toBe('ready');
    const gaps = at.slice(1).map((time, i) => time - at[i]!);
    expect(gaps.slice(0, 5)).toEqual(Array(5).fill(EARLY_INTERVAL_MS));
    expect(at.filter((time) => time < EARLY_FOR_MS).length).toBe(EARLY_FOR_MS / EARLY_INTERVAL_MS);
    expect(gaps.at(-1)).toBe(50);
    // Noticed within one interval of the server answering.
    expect(at.at(-1)! - 2_000).toBeLessThan(50);
  });

  it('never waits less often than asked: an interval below the early one is kept', async () => {
    vi.useFakeTimers({ now: 0 });
    const { attempt, at } = attemptReadyAt(100);
    const done = waitUntil(attempt, { what: 'x', timeoutMs: 1_000, intervalMs: 5 });
    await vi.advanceTimersByTimeAsync(200);
    await done;
    expect(at.slice(1).map((time, i) => time - at[i]!)).toEqual(Array(at.length - 1).fill(5));
  });

  it('gives up at the deadline with the last failure, and stops when aborted', async () => {
    vi.useFakeTimers({ now: 0 });
    const { attempt } = attemptReadyAt(Number.POSITIVE_INFINITY);
    const late = waitUntil(attempt, { what: 'the server', timeoutMs: 1_000 });
    const checked = expect(late).rejects.toThrow('the server not ready within 1000 ms: not yet');
    await vi.advanceTimersByTimeAsync(1_100);
    await checked;
    const controller = new AbortController();
    const stopped = waitUntil(attempt, { what: 'y', timeoutMs: 10_000, signal: controller.signal });
    const aborted = expect(stopped).rejects.toBeInstanceOf(WaitAbortedError);
    controller.abort();
    await vi.advanceTimersByTimeAsync(20);
    await aborted;
  });
});
