// What the kiosk does once its session has ended or its start failed, by the profile's `restart`:
// "always" starts a new session after a short status screen, "prompt" waits for a button, "never"
// stays on the status screen. A session that keeps ending soon after it started (a broken desktop,
// a missing server) is started again with a growing pause instead of in a tight loop.
import type { KioskRestartPolicy } from '../../shared/kiosk';

/** How long the status screen shows before "always" starts the next session. */
export const RESTART_DELAY_MS = 2_000;
export const MAX_RESTART_DELAY_MS = 60_000;
/** A session that ended sooner than this after its start counts as ending quickly. */
export const QUICK_END_MS = 10_000;

export type AfterEnd = { action: 'restart'; delayMs: number } | { action: 'prompt' } | { action: 'stay' };

/** The pause before the next start, after `quickInARow` quick ends or failed starts in a row. */
export const restartDelay = (quickInARow: number): number => Math.min(MAX_RESTART_DELAY_MS, RESTART_DELAY_MS * 2 ** Math.max(0, quickInARow - 1));

export function afterSessionEnd(policy: KioskRestartPolicy, quickInARow: number): AfterEnd {
  switch (policy) {
    case 'always':
      return { action: 'restart', delayMs: restartDelay(quickInARow) };
    case 'prompt':
      return { action: 'prompt' };
    case 'never':
      return { action: 'stay' };
    default: {
      const unknown: never = policy;
      throw new Error(`unknown restart policy ${String(unknown)}`);
    }
  }
}

/** Counts quick ends in a row: reset by a session that ran for a while. */
export const nextQuickCount = (quickInARow: number, ranMs: number | undefined): number => (ranMs !== undefined && ranMs >= QUICK_END_MS ? 0 : quickInARow + 1);
