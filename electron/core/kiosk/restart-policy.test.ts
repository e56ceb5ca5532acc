import { describe, expect, it } from 'vitest';
import { afterSessionEnd, MAX_RESTART_DELAY_MS, nextQuickCount, QUICK_END_MS, RESTART_DELAY_MS, restartDelay } from './restart-policy';

describe('kiosk restart policy', () => {
  it('always: a new session after the status screen; prompt: a button; never: nothing', () => {
    expect(afterSessionEnd('always', 1)).toEqual({ action: 'restart', delayMs: RESTART_DELAY_MS });
    expect(afterSessionEnd('prompt', 1)).toEqual({ action: 'prompt' });
    expect(afterSessionEnd('never', 1)).toEqual({ action: 'stay' });
  });

  it('waits longer after each quick end in a row, up to a minute, and starts over after a session that ran', () => {
    expect([1, 2, 3, 4].map(restartDelay)).toEqual([RESTART_DELAY_MS, 2 * RESTART_DELAY_MS, 4 * RESTART_DELAY_MS, 8 * RESTART_DELAY_MS]);
    expect(restartDelay(40)).toBe(MAX_RESTART_DELAY_MS);
    expect(nextQuickCount(3, QUICK_END_MS - 1)).toBe(4);
    expect(nextQuickCount(3, undefined)).toBe(4);
    expect(nextQuickCount(3, QUICK_END_MS)).toBe(0);
  });
});
