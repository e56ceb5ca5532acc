// The kiosk's part of the contract: the profile as the kiosk page sees it (never the PIN's hash),
// the supervisor's state, the answer to a PIN, the admin chord and the idle-reset timing, which the
// page (Electron's and a browser's alike) applies to the input it sees.
import type { SessionInfo } from './session';

export const KIOSK_RESTART_POLICIES = ['always', 'prompt', 'never'] as const;
export type KioskRestartPolicy = (typeof KIOSK_RESTART_POLICIES)[number];
export const MAX_IDLE_RESET_MINUTES = 1440;
export const KIOSK_PIN_MIN_LENGTH = 4;
export const KIOSK_PIN_MAX_LENGTH = 64;

export interface KioskProfile {
  /** The session type the kiosk runs. */
  type: string;
  /** "screen" (remote-resize to the display) or "WxH". */
  size: string;
  restart: KioskRestartPolicy;
  /** 0: never. */
  idleResetMinutes: number;
  allowViewOnlyToggle: boolean;
  sendKeysMenu: boolean;
}

/**
 * What the kiosk is doing: starting its session, showing it, showing that it ended (a new one at
 * `restartAt`, on a button for "prompt", or none for "never"), showing why a start failed (another
 * try at `restartAt`), or left by an administrator.
 */
export type KioskPhase = 'starting' | 'running' | 'ended' | 'failed' | 'left';

export interface KioskState {
  profile: KioskProfile & { hasPin: boolean };
  phase: KioskPhase;
  /** The kiosk's current (or last) session. */
  session?: SessionInfo;
  /** What the status screen says (why the session ended, why a start failed). */
  message?: string;
  /** When the next session starts by itself (epoch ms). */
  restartAt?: number;
}

export type KioskUnlockResult =
  | { unlocked: true }
  | { unlocked: false; reason: 'wrong_pin' | 'locked' | 'no_pin'; retryAfterMs?: number; attemptsLeft?: number };

/** The gesture that asks for the admin PIN: Ctrl+Alt+Shift+F12. */
export const ADMIN_CHORD_LABEL = 'Ctrl+Alt+Shift+F12';

export interface ChordKey {
  key: string;
  ctrl: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export const isAdminChord = (input: ChordKey): boolean => input.key === 'F12' && input.ctrl && input.alt && input.shift && !input.meta;

/** How long the "still there?" warning shows before an idle reset: a minute, or half the idle time when that is shorter. */
export const idleWarningMs = (idleResetMinutes: number): number => Math.min(60_000, (idleResetMinutes * 60_000) / 2);

export type IdlePhase = { phase: 'off' } | { phase: 'active'; warnAt: number } | { phase: 'warning'; resetAt: number } | { phase: 'reset' };

/**
 * Where the idle reset stands `now`, given the last local input: active until the warning, then
 * warning until the reset. Input at any time before the reset starts over from active.
 */
export function idlePhase(idleResetMinutes: number, lastInputAt: number, now: number): IdlePhase {
  if (idleResetMinutes <= 0) return { phase: 'off' };
  const resetAt = lastInputAt + idleResetMinutes * 60_000;
  const warnAt = resetAt - idleWarningMs(idleResetMinutes);
  if (now < warnAt) return { phase: 'active', warnAt };
  if (now < resetAt) return { phase: 'warning', resetAt };
  return { phase: 'reset' };
}
