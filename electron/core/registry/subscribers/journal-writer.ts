// Writes what happens to sessions into the journal: audit records, the history entry of each
// ended session, and the peak-concurrency metric. A failed write is logged, never thrown into a
// session's life.
import type { HistoryEntry } from '../../../shared/journal';
import type { SessionInfo } from '../../../shared/session';
import type { AuditInput } from '../../journal/journal-api';
import { targetDetails } from '../../vnc/vnc-target';
import type { EventHub } from '../event-hub';
import type { SessionEvent } from '../session-events';

export interface SessionJournal {
  record(input: AuditInput): Promise<unknown>;
  recordEnded(entry: HistoryEntry): Promise<void>;
  noteConcurrency(type: string, running: number, at: number, host?: string): void;
}

export interface JournalWriterOptions {
  events: EventHub<SessionEvent>;
  journal: SessionJournal;
  user: string;
  /** Sessions of the type holding a slot now. */
  runningOfType(type: string, host?: string): number;
  now(): number;
  log(line: string): void;
}

const where = (session: SessionInfo) => ({ sessionId: session.id, type: session.type, index: session.index, user: session.user, ...(session.host !== undefined ? { host: session.host } : {}) });
/** A batch job's id, node and queue wait, for audit details. */
const jobDetails = (session: SessionInfo) =>
  session.job ? { jobId: session.job.id, ...(session.job.node ? { node: session.job.node } : {}), ...(session.job.queueWaitMs !== undefined ? { queueWaitMs: session.job.queueWaitMs } : {}) } : {};

/** The label before and after; a missing one (none given, or removed) is left out. */
const labelChange = (from: string | undefined, to: string | undefined) => ({ ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });

export function attachJournalWriter(options: JournalWriterOptions): void {
  const { journal, log } = options;
  // A failed write is logged; for a start it also rejects, so the registry refuses the start. An
  // end is never refused: what cannot be recorded of it is only logged.
  const audit = (input: AuditInput, refuseOnFailure = true) =>
    journal.record(input).then(
      () => undefined,
      (error: Error) => {
        log(`journal: cannot record ${input.kind}: ${error.message}`);
        if (refuseOnFailure) throw new Error(`the audit log cannot be written (${error.message})`);
      },
    );
  // Per type, and per type and host for a session on another machine.
  const noteConcurrency = (session: SessionInfo) => {
    journal.noteConcurrency(session.type, options.runningOfType(session.type), options.now());
    if (session.host !== undefined) journal.noteConcurrency(session.type, options.runningOfType(session.type, session.host), options.now(), session.host);
  };

  // Once per wait in the queue: the queued event comes again whenever reason or position change.
  const inQueue = new Set<string>();

  options.events.on(async (event) => {
    // Other news of a queued session (its processes, its job) leave it waiting; a new state ends the wait.
    if (event.kind !== 'refused' && event.session.state !== 'queued') inQueue.delete(event.session.id);
    switch (event.kind) {
      case 'created':
        noteConcurrency(event.session);
        return audit({ kind: 'session_created', ...where(event.session), details: { size: event.session.size } });
      case 'queued': {
        if (inQueue.has(event.session.id) || !event.session.queue) return;
        inQueue.add(event.session.id);
        const { reason, position, pending, expectedStartAt } = event.session.queue;
        const details = { ...jobDetails(event.session), reason, ...(position !== undefined ? { position, pending } : {}), ...(expectedStartAt !== undefined ? { expectedStartAt } : {}) };
        // Logged only when it cannot be written: the job waits in the queue either way.
        return audit({ kind: 'session_queued', ...where(event.session), details }, false);
      }
      case 'ready': {
        const details = { ...(event.readopted ? { readopted: true } : {}), ...targetDetails(event.target), ...jobDetails(event.session) };
        return audit({ kind: 'session_started', ...where(event.session), details });
      }
      case 'refused': {
        const { code, message, details } = event.error;
        if (code === 'at_capacity') return audit({ kind: 'refused_at_capacity', type: event.type, user: options.user, details: { message, ...details } });
        if (code === 'not_authorized') return audit({ kind: 'refused_not_authorized', type: event.type, user: options.user, details: { message } });
        return;
      }
      case 'renamed':
        // Logged only when it cannot be written: the new label is already the session's.
        return audit({ kind: 'label_changed', ...where(event.session), details: labelChange(event.previousLabel, event.session.label) }, false);
      case 'ended':
        noteConcurrency(event.session);
        return journalEnd(event.session, event.failed, event.logTail, event.viewerConnections);
      default:
        return;
    }
  });

  async function journalEnd(info: SessionInfo, failed: boolean, logTail: string, viewers: number): Promise<void> {
    const endedAt = info.endedAt ?? options.now();
    const durationMs = endedAt - info.createdAt;
    if (failed) await audit({ kind: 'start_failed', ...where(info), details: { cause: info.cause, error: info.message, logTail } }, false);
    const bytes = { bytesToViewer: info.bytesToViewer, bytesFromViewer: info.bytesFromViewer };
    await audit({ kind: 'session_completed', ...where(info), details: { state: info.state, cause: info.cause, durationMs, ...bytes, ...jobDetails(info) } }, false);
    await journal
      .recordEnded({
        id: info.id,
        type: info.type,
        index: info.index,
        size: info.size,
        ...(info.label ? { label: info.label } : {}),
        user: info.user,
        ...(info.host !== undefined ? { host: info.host } : {}),
        startedAt: info.createdAt,
        endedAt,
        durationMs,
        state: info.state === 'failed' ? 'failed' : 'terminated',
        cause: info.cause ?? 'user_stopped',
        ...(info.message ? { message: info.message } : {}),
        ...bytes,
        viewers,
        ...(info.job ? { job: { ...info.job } } : {}),
      })
      .catch((error: Error) => log(`journal: cannot store the history of ${info.id}: ${error.message}`));
  }
}
