import { describe, expect, it } from 'vitest';
import { FIRST_LOCK_MS, FREE_PIN_ATTEMPTS, lockAfter, MAX_LOCK_MS, PinGate } from './pin-gate';
import { hashPin } from './pin-hash';

const hash = await hashPin('2468', { ln: 10, r: 8, p: 1 });

describe('PIN gate', () => {
  it('gives a few free tries, then locks for longer each time, and a right PIN opens it', async () => {
    let now = 1_000_000;
    const gate = new PinGate(hash, () => now);
    for (let i = 1; i < FREE_PIN_ATTEMPTS; i++) expect(await gate.check('0000')).toEqual({ unlocked: false, reason: 'wrong_pin', attemptsLeft: FREE_PIN_ATTEMPTS - i });
    expect(await gate.check('0000')).toEqual({ unlocked: false, reason: 'wrong_pin', attemptsLeft: 0, retryAfterMs: FIRST_LOCK_MS });
    // Locked: even the right PIN is not looked at.
    now += FIRST_LOCK_MS - 1;
    expect(await gate.check('2468')).toEqual({ unlocked: false, reason: 'locked', retryAfterMs: 1 });
    now += 1;
    expect(await gate.check('1111')).toMatchObject({ reason: 'wrong_pin', retryAfterMs: 2 * FIRST_LOCK_MS });
    now += 2 * FIRST_LOCK_MS;
    expect(await gate.check('2468')).toEqual({ unlocked: true });
    expect(await gate.check('0000')).toMatchObject({ reason: 'wrong_pin', attemptsLeft: FREE_PIN_ATTEMPTS - 1 });
  });

  it('counts guesses made in parallel like guesses made one after another', async () => {
    const gate = new PinGate(hash, () => 0);
    const results = await Promise.all(Array.from({ length: FREE_PIN_ATTEMPTS + 3 }, (_, i) => gate.check(`${1000 + i}`)));
    expect(results.filter((result) => !result.unlocked && result.reason === 'locked')).toHaveLength(3);
    expect(await gate.check('2468')).toMatchObject({ reason: 'locked' });
  });

  it('never opens without a PIN hash', async () => {
    expect(await new PinGate(undefined).check('2468')).toEqual({ unlocked: false, reason: 'no_pin' });
  });

  it('locks at most for 15 minutes', () => {
    expect(lockAfter(FREE_PIN_ATTEMPTS - 1)).toBe(0);
    expect(lockAfter(FREE_PIN_ATTEMPTS + 30)).toBe(MAX_LOCK_MS);
  });
});
