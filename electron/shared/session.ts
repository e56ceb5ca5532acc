// Session model shared by the engine, both transports and the renderer.
// No 'electron' and no 'node:' imports here: this file is compiled for the browser too.

/** One state machine for every session (design.md, contract 4). */
export const SESSION_STATES = [
  'starting',
  'ready',
  'connected',
  'idle',
  'close_requested',
  'terminated',
  'failed',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

/** States a session never leaves. */
export const FINAL_STATES: readonly SessionState[] = ['terminated', 'failed'];
export const isFinalState = (state: SessionState): boolean => FINAL_STATES.includes(state);

/** Why a session ended; shown by the UI, the audit log and the history alike. */
export const TERMINATION_CAUSES = [
  'user_stopped',
  'last_viewer_left',
  'inactivity_timeout',
  'max_duration',
  'server_exited',
  'start_failed',
  'start_timeout',
  'type_removed',
  'manager_shutdown',
  'manager_restarted',
] as const;
export type TerminationCause = (typeof TERMINATION_CAUSES)[number];

export interface SessionInfo {
  id: string;
  type: string;
  /** Slot index, 0..count-1 of its type. */
  index: number;
  /** Window size as `WxH`. */
  size: string;
  user: string;
  state: SessionState;
  /** Set once the session is terminated or failed. */
  cause?: TerminationCause;
  /** Human-readable detail for a failure (the script's error). */
  message?: string;
  /** Last lines of the script's log, for a failed start. */
  logTail?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  viewers: number;
}

export type SlotState = 'free' | SessionState;

export interface SlotInfo {
  index: number;
  state: SlotState;
  sessionId?: string;
}

export interface SessionTypeInfo {
  name: string;
  script: string;
  count: number;
  sizes: string[];
  slots: SlotInfo[];
}

export interface StartRequest {
  type: string;
  size: string;
}

/** What a viewer needs to reach a session: a ws:// URL with a single-use ticket, and the VNC password. */
export interface ViewerAccess {
  url: string;
  password: string;
}

/** Pushed to subscribers whenever something visible changes. */
export type DeckEvent =
  | { kind: 'session'; session: SessionInfo }
  | { kind: 'types'; types: SessionTypeInfo[] };

export const SIZE_PATTERN = /^([1-9][0-9]{2,4})x([1-9][0-9]{2,4})$/;
