// Session model shared by the engine, both transports and the renderer.
// No 'electron' and no 'node:' imports here: this file is compiled for the browser too.
import type { KioskState } from './kiosk';
import type { Settings } from './settings';
import type { ShareInfo } from './share';

/** One state machine for every session, shown alike by the UI, the audit log and the history. */
export const SESSION_STATES = [
  'starting',
  /** Waiting in a batch scheduler's queue (a Slurm job not running yet); it holds its slot. */
  'queued',
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
  /** The type's command (e.g. the desktop's terminal) exited: options.end_when_command_exits. */
  'command_exited',
  'start_failed',
  'start_timeout',
  'type_removed',
  'manager_shutdown',
  'manager_restarted',
  /** A session on another machine lost its connection to that host and could not get it back. */
  'host_unreachable',
  /** The batch scheduler ended the session's job (time limit, cancelled elsewhere, node failure). */
  'job_ended',
] as const;
export type TerminationCause = (typeof TERMINATION_CAUSES)[number];

/**
 * The engine's steps while a session starts; the viewer adds connecting and first frame. A session
 * on another machine connects to its host first and forwards the server's socket before the wait.
 */
export const START_STEPS = ['slot_allocated', 'connecting_to_host', 'server_starting', 'forwarding', 'waiting_for_server'] as const;
export type StartStep = (typeof START_STEPS)[number];

/** The timers that can end a running session. */
export type SessionTimerKind = 'inactivity' | 'max_duration' | 'last_viewer_grace';

export interface SessionTimer {
  kind: SessionTimerKind;
  /** Epoch milliseconds when it fires. */
  at: number;
}

/** Where a queued session stands in its scheduler's queue. */
export interface QueueStatus {
  /** The scheduler's reason for waiting, as it says it (Slurm: Resources, Priority, QOSMaxJobsPerUserLimit, ...). */
  reason: string;
  /** 1 for the next job to start, among the pending jobs of the same partition. */
  position?: number;
  /** How many jobs are pending there. */
  pending?: number;
  /** The scheduler's expected start (epoch ms), when it has one. */
  expectedStartAt?: number;
}

/** The batch job a session runs as. */
export interface SessionJob {
  /** The scheduler's job id. */
  id: string;
  /** The node it runs on, once it runs. */
  node?: string;
  /** How long it waited in the queue (ms), once it runs. */
  queueWaitMs?: number;
}

export interface SessionInfo {
  id: string;
  type: string;
  /** Slot index, 0..count-1 of its type. */
  index: number;
  /** Window size as `WxH`, as started. */
  size: string;
  /**
   * While running: the size the desktop has now, `WxH` (a viewer's remote resize changes it; the
   * engine watches the server's DesktopSize and ExtendedDesktopSize updates).
   */
  currentSize?: string;
  /** The name the user gave it (at start, or renamed later). */
  label?: string;
  user: string;
  /** The machine it runs on (an SSH destination from the sessions file); absent for this machine. */
  host?: string;
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
  /**
   * Advances with every change the engine makes to the session (state, step, viewers, deadline,
   * traffic), so a client merging replies and events keeps the newest by this number; the byte
   * counts, which only grow and also arrive alone in traffic events, are merged by the larger.
   */
  revision: number;
  endedAt?: number;
  /** Viewers connected now. */
  viewers: number;
  /** While starting: how far the engine got. */
  startStep?: StartStep;
  /** While queued: why it waits and where it stands. */
  queue?: QueueStatus;
  /** A session that runs as a batch job: its id, node and queue wait. */
  job?: SessionJob;
  /** While running: the timer that fires next, if any. */
  nextTimer?: SessionTimer;
  /** When the session ends at the latest (max duration, as extended). */
  deadline?: number;
  /**
   * While running: the session stops this long (ms) after its last viewer leaves (its type's
   * end_when_last_viewer_leaves, or the setting). Absent: it keeps running without viewers.
   */
  lastViewerGraceMs?: number;
  /** Last viewer input or connect (epoch ms). */
  lastActivityAt?: number;
  /** Bytes the bridge carried, server to viewers and viewers to server. */
  bytesToViewer: number;
  bytesFromViewer: number;
}

/** 'unavailable': something that is not Session Deck holds the slot's display or port (see reason). */
export type SlotState = 'free' | 'unavailable' | SessionState;

export interface SlotInfo {
  index: number;
  state: SlotState;
  sessionId?: string;
  /** Why an unavailable slot is skipped. */
  reason?: string;
  /** Owner of the session in the slot. */
  user?: string;
  /** Epoch ms when the slot's session was created. */
  since?: number;
}

/** One machine of a session type that runs its sessions elsewhere (options.host / options.hosts). */
export interface HostInfo {
  /** The SSH destination, as the sessions file names it. */
  name: string;
  /** Sessions of this type on it now. */
  sessions: number;
  /** Takes no new sessions (options.drain); its running ones go on. */
  draining?: boolean;
  /** Why it cannot be used now (unreachable, refused, unknown host key), from the last start or background check; tried again later. */
  problem?: string;
}

export interface SessionTypeInfo {
  name: string;
  script: string;
  count: number;
  sizes: string[];
  slots: SlotInfo[];
  /** Whether this user may start it (options.group). */
  allowed: boolean;
  /** Why not, when not allowed. */
  notAllowedReason?: string;
  /** Removed from the sessions file: its running sessions run to their end, none start. */
  removed?: boolean;
  /** Why none of its sessions can start on this machine: its server program is missing (and which package brings it). */
  notInstalled?: string;
  /** Where its sessions run, when that is other machines. */
  hosts?: HostInfo[];
}

export interface StartRequest {
  type: string;
  size: string;
  /** A name the user gives the session, shown on its tab, its card and in the history. */
  label?: string;
}

/** Labels: at most this many characters, no control characters; blank means none. */
export const MAX_LABEL_LENGTH = 64;

export interface ViewerOptions {
  /** Keys, pointer and clipboard are dropped by the bridge itself. */
  viewOnly?: boolean;
}

/**
 * What a viewer needs to reach a session: a ws:// URL with a single-use ticket, and nothing else. The
 * bridge authenticates with the VNC server itself and lets the ticket's viewer in with RFB security
 * None, so no viewer (view-only or not) ever learns a VNC password.
 */
export interface ViewerAccess {
  url: string;
  viewOnly: boolean;
}

/** A saved secret as the API shows it: never its value. */
export interface SecretInfo {
  name: string;
  /** Epoch ms of the last change. */
  updatedAt: number;
}

export const SECRET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const MAX_SECRET_LENGTH = 1024;

/** A small picture of a running session's desktop, taken by the engine whether anyone views it or not. */
export interface SessionThumbnail {
  sessionId: string;
  width: number;
  height: number;
  /** Epoch ms of the desktop update it shows. */
  takenAt: number;
  /** The PNG file, base64 (it travels in JSON over both transports). */
  png: string;
}

/** The state of the sessions file: the last good configuration keeps running while it is broken. */
export interface ConfigStatus {
  file: string;
  /** Epoch ms of the last successful load. */
  loadedAt: number;
  /** Present while the file on disk is invalid: names the file, the JSON path, expected and found. */
  error?: string;
}

/** What the About page shows: which Session Deck runs, where it keeps its data and reads its sessions. */
export interface AboutInfo {
  version: string;
  /** The data directory (journal, live registry, settings, secrets). */
  dataDir: string;
  /** The sessions file in use. */
  sessionsFile: string;
  /** The user sessions run for. */
  user: string;
}

/** The bytes the bridge has carried for a session so far: totals, which only ever grow. */
export interface TrafficTotals {
  sessionId: string;
  bytesToViewer: number;
  bytesFromViewer: number;
}

/** Pushed to subscribers whenever something visible changes. */
export type DeckEvent =
  | { kind: 'session'; session: SessionInfo }
  /**
   * A session's traffic grew (sent at a bounded rate while bytes move, and once when they stop).
   * Only the byte counts changed: nothing else of the session, no slot, so no list needs re-reading.
   */
  | ({ kind: 'traffic' } & TrafficTotals)
  | { kind: 'types'; types: SessionTypeInfo[] }
  | { kind: 'config'; config: ConfigStatus }
  | { kind: 'settings'; settings: Settings }
  /** The session's active share links changed (made, revoked, ended, a viewer came or went). */
  | { kind: 'shares'; sessionId: string; shares: ShareInfo[] }
  /** A timer will end the session soon: shown where the user is looking, with Extend. */
  | { kind: 'warning'; sessionId: string; timer: SessionTimer }
  /** The kiosk's state changed (kiosk mode only). */
  | { kind: 'kiosk'; kiosk: KioskState };

export const SIZE_PATTERN = /^([1-9][0-9]{2,4})x([1-9][0-9]{2,4})$/;
