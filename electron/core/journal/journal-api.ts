// The journal as the engine sees it: durable audit records, the history of ended sessions, daily
// metrics, and the event hooks that run on audit events. Implemented in this directory.
import type { AuditEventKind, AuditQuery, AuditRecord, HistoryEntry, HistoryQuery, MetricsQuery, MetricsRow, Page } from '../../shared/journal';

export interface AuditInput {
  kind: AuditEventKind;
  sessionId?: string;
  type?: string;
  index?: number;
  /** The machine the session runs on, for a type on other machines. */
  host?: string;
  user: string;
  details?: Record<string, unknown>;
}

export interface Journal {
  start(): Promise<void>;
  /** Flushes and closes; later calls reject. */
  close(): Promise<void>;
  /** Appends an audit record; resolves once it is durable (see the README's durability policy). Never blocks on hooks. */
  record(input: AuditInput): Promise<AuditRecord>;
  /** Stores an ended session in the history (and its metrics). */
  recordEnded(entry: HistoryEntry): Promise<void>;
  /** Number of sessions running now, for the peak-concurrency metric. */
  /** Sessions of a type running now (on one of its hosts, when given), for the peak-concurrency metric. */
  noteConcurrency(type: string, running: number, at: number, host?: string): void;
  listHistory(query: HistoryQuery): Promise<Page<HistoryEntry>>;
  listAudit(query: AuditQuery): Promise<Page<AuditRecord>>;
  getMetrics(query: MetricsQuery): Promise<MetricsRow[]>;
  /** Applies a new retention (days) at the next retention run. */
  setRetentionDays(days: number): void;
}
