// What a viewer tells the user about its connection, and when it tries again after a drop.
// Kept apart from the connection so the components and the store can use the words and the
// phases without the connection's machinery.
import type { ViewerPhase } from '../store/deckTypes';

/** What e2e tests and the data-state attribute see. */
export type ViewerState = 'connecting' | 'connected' | 'disconnected';

/** Finer steps for the user (the type lives with the store, which keeps each viewer's phase). */
export type { ViewerPhase };

export interface ViewerStatus {
  state: ViewerState;
  phase: ViewerPhase;
  /** What the user reads next to the viewer. */
  detail: string;
  /** True when the connection ended because of an error rather than a normal close. */
  failed: boolean;
  /** Reconnect attempts since the last good connection (0 on the first try). */
  attempt: number;
  /** While waiting to reconnect: when the next attempt starts (epoch ms), and why it is needed. */
  retryAt?: number;
  reason?: string;
  /** Whether the desktop accepts remote resizing (known once connected). */
  remoteResize?: boolean;
}

/** Delays before reconnect attempts 1, 2, 3, ...; the last one repeats. */
export const RECONNECT_DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000] as const;
/** After this many failed attempts in a row, wait for the user. */
export const MAX_RECONNECT_ATTEMPTS = 10;

export const reconnectDelay = (attempt: number): number =>
  RECONNECT_DELAYS_MS[Math.min(Math.max(attempt, 1), RECONNECT_DELAYS_MS.length) - 1] ?? 30_000;

/** The announced text while waiting for reconnect attempt `attempt` (it does not tick). */
export const retryDetail = (reason: string, attempt: number): string =>
  `${reason}. Reconnecting in ${Math.round(reconnectDelay(attempt) / 1000)} s (attempt ${attempt} of ${MAX_RECONNECT_ATTEMPTS})…`;

/** The status with a live countdown while waiting to reconnect (for the overlay; the announced text stays put). */
export function liveDetail(status: ViewerStatus, now: number): string {
  if (status.phase !== 'retry_wait' || status.retryAt === undefined) return status.detail;
  const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
  return `${status.reason ?? 'Disconnected'}. Reconnecting in ${seconds} s (attempt ${status.attempt} of ${MAX_RECONNECT_ATTEMPTS})…`;
}
