// Checks admin PINs one at a time and slows guessing down: a few attempts are free, then each
// wrong one locks the gate for longer (30 s, doubling, at most 15 minutes); a right PIN opens it
// and forgets the failures. Attempts are queued, so parallel guesses are counted like serial ones.
import type { KioskUnlockResult } from '../../shared/kiosk';
import { verifyPin } from './pin-hash';

export const FREE_PIN_ATTEMPTS = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

/** How long a gate stays locked after this many wrong PINs in a row (0: not locked). */
export const lockAfter = (failures: number): number =>
  failures < FREE_PIN_ATTEMPTS ? 0 : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_PIN_ATTEMPTS));

export class PinGate {
  private failures = 0;
  private lockedUntil = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly hash: string | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get hasPin(): boolean {
    return this.hash !== undefined;
  }

  check(pin: string): Promise<KioskUnlockResult> {
    const attempt = this.queue.then(() => this.attempt(pin));
    this.queue = attempt.catch(() => undefined);
    return attempt;
  }

  private async attempt(pin: string): Promise<KioskUnlockResult> {
    if (this.hash === undefined) return { unlocked: false, reason: 'no_pin' };
    const now = this.now();
    if (now < this.lockedUntil) return { unlocked: false, reason: 'locked', retryAfterMs: this.lockedUntil - now };
    if (await verifyPin(pin, this.hash)) {
      this.failures = 0;
      this.lockedUntil = 0;
      return { unlocked: true };
    }
    this.failures += 1;
    const lockMs = lockAfter(this.failures);
    this.lockedUntil = this.now() + lockMs;
    return { unlocked: false, reason: 'wrong_pin', attemptsLeft: Math.max(0, FREE_PIN_ATTEMPTS - this.failures), ...(lockMs > 0 ? { retryAfterMs: lockMs } : {}) };
  }
}
