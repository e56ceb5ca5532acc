// What the journal serves through the API: audit records, session history and daily metrics.
import type { SessionJob } from './session';

export const AUDIT_EVENT_KINDS = [
  'session_created',
  'session_started',
  /** A batch-job session went into the scheduler's queue (details: jobId, reason, position, pending, expectedStartAt). */
  'session_queued',
  'viewer_connected',
  'viewer_disconnected',
  'session_completed',
  'start_failed',
  'refused_at_capacity',
  'refused_not_authorized',
  /** A session's label was given, changed or removed (details: from, to). */
  'label_changed',
  'ticket_rejected',
  'config_reloaded',
  'config_invalid',
  'settings_changed',
  'kiosk_restarted',
  'kiosk_unlocked',
  'kiosk_unlock_refused',
  'share_created',
  'share_used',
  'share_revoked',
  /** A share expired, or its session ended. */
  'share_ended',
] as const;
export type AuditEventKind = (typeof AUDIT_EVENT_KINDS)[number];

export interface AuditRecord {
  /** Increasing sequence number, unique in the log. */
  seq: number;
  /** Epoch milliseconds. */
  at: number;
  kind: AuditEventKind;
  sessionId?: string;
  type?: string;
  index?: number;
  /** The machine the session ran on, for a type on other machines. */
  host?: string;
  user: string;
  /** Kind-specific detail (cause, duration, bytes, error, old and new value, ...). */
  details: Record<string, unknown>;
}

export interface HistoryEntry {
  id: string;
  type: string;
  index: number;
  size: string;
  /** The session's label when it ended. */
  label?: string;
  user: string;
  /** The machine it ran on, for a type on other machines. */
  host?: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  state: 'terminated' | 'failed';
  cause: string;
  message?: string;
  bytesToViewer: number;
  bytesFromViewer: number;
  /** Viewer connections over the session's life. */
  viewers: number;
  /** A session that ran as a batch job: its id, node and queue wait. */
  job?: SessionJob;
}

export interface MetricsRow {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  type: string;
  /** The machine, for a type on other machines (absent for this one). */
  host?: string;
  started: number;
  failed: number;
  refused: number;
  totalDurationMs: number;
  meanDurationMs: number;
  peakConcurrent: number;
  bytesToViewer: number;
  bytesFromViewer: number;
  /** Batch-job sessions ended that day: mean and longest wait in the scheduler's queue (absent without any). */
  meanQueueWaitMs?: number;
  maxQueueWaitMs?: number;
}

/** Paging shared by history, audit and metrics: newest first. */
export interface PageQuery {
  /** At most this many items (default 100, at most 500). */
  limit?: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string;
}

export interface HistoryQuery extends PageQuery {
  type?: string;
  cause?: string;
  /** Epoch milliseconds, inclusive bounds on the session's end. */
  from?: number;
  to?: number;
}

export interface AuditQuery extends PageQuery {
  kind?: AuditEventKind;
  sessionId?: string;
  from?: number;
  to?: number;
}

export interface MetricsQuery {
  type?: string;
  /** UTC days, inclusive. */
  fromDay?: string;
  toDay?: string;
}

export interface Page<T> {
  items: T[];
  /** Present when there are more (older) items. */
  nextCursor?: string;
}

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;
