// The journal: durable audit log, session history and daily metrics in append-only day files under
// one directory, with in-memory indexes rebuilt at start, a retention job, and event hooks.
//
//   <dir>/audit/YYYY-MM-DD.jsonl    audit records, by the record's UTC day
//   <dir>/history/YYYY-MM-DD.jsonl  ended sessions, by the session's UTC end day
//   <dir>/peaks/YYYY-MM-DD.jsonl    new daily peaks of concurrent sessions per type
//   <dir>/audit-seq.json            the last seq retention removed (numbering continues)
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditQuery, AuditRecord, HistoryEntry, HistoryQuery, MetricsQuery, MetricsRow, Page } from '../../shared/journal';
import { AuditIndex, isAuditRecord } from './audit-index';
import { DayFileAppender } from './day-file-appender';
import { HistoryIndex } from './history-index';
import { HookRunner, type HookConfig } from './hook-runner';
import type { AuditInput, Journal } from './journal-api';
import { encodeLine } from './line-codec';
import { loadDayFiles } from './load-day-files';
import { DailyMetrics } from './metrics';
import { readSeqFloor, writeSeqFloor } from './seq-floor';
import { DAY_MS, firstRetainedDay, utcDay } from './utc-day';

export interface JournalOptions {
  /** The journal's own directory (created if missing). */
  dir: string;
  /** Days of audit records, history and metrics kept (the retentionDays setting). */
  retentionDays: number;
  hooks?: HookConfig[];
  now?: () => number;
  /** How often the retention job runs (default daily); it also runs once at start. */
  retentionIntervalMs?: number;
  log?: (line: string) => void;
}

export interface RetentionResult {
  firstKeptDay: string;
  removedDays: { audit: string[]; history: string[]; peaks: string[] };
}

/** The Journal plus what tests and a composition root may want beyond the engine's interface. */
export interface JournalService extends Journal {
  /** Runs the retention job now (as the timer does); the only way records are ever deleted. */
  runRetention(): Promise<RetentionResult>;
  /** Resolves once no event hook runs or waits. */
  hooksIdle(): Promise<void>;
}

/** Node runs longer timers after 1 ms instead (TimeoutOverflowWarning). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** At close, running hooks get this long to finish before their process groups are killed. */
const HOOK_CLOSE_GRACE_MS = 2_000;

export function createJournal(options: JournalOptions): JournalService {
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const auditDir = join(options.dir, 'audit');
  const historyDir = join(options.dir, 'history');
  const peaksDir = join(options.dir, 'peaks');
  const auditFiles = new DayFileAppender(auditDir);
  const historyFiles = new DayFileAppender(historyDir);
  const peakFiles = new DayFileAppender(peaksDir);
  const audit = new AuditIndex(auditDir);
  const history = new HistoryIndex();
  const metrics = new DailyMetrics();
  const hooks = new HookRunner(options.hooks ?? [], { log });

  let retentionDays = checkRetentionDays(options.retentionDays);
  let state: 'new' | 'starting' | 'open' | 'closed' = 'new';
  let nextSeq = 1;
  let seqFloor = 0;
  let timer: NodeJS.Timeout | undefined;
  let retentionRun: Promise<RetentionResult> | undefined;

  function assertOpen(): void {
    if (state !== 'open') throw new Error(state === 'closed' ? 'journal is closed' : 'journal is not started');
  }

  async function load(): Promise<void> {
    await Promise.all([auditDir, historyDir, peaksDir].map((dir) => mkdir(dir, { recursive: true, mode: 0o700 })));
    seqFloor = await readSeqFloor(options.dir);
    await loadDayFiles(
      auditDir,
      (day, line) => {
        if (!isAuditRecord(line.value)) return false;
        const record = line.value;
        audit.add({ seq: record.seq, at: record.at, kind: record.kind, sessionId: record.sessionId, day, offset: line.offset, length: line.length });
        metrics.addAudit(record);
        return true;
      },
      log,
    );
    await loadDayFiles(
      historyDir,
      (_day, line) => {
        if (!isHistoryEntry(line.value)) return false;
        if (history.add(line.value)) metrics.addHistory(line.value);
        return true;
      },
      log,
    );
    await loadDayFiles(
      peaksDir,
      (_day, line) => {
        const peak = line.value as Partial<PeakLine>;
        if (typeof peak.day !== 'string' || typeof peak.type !== 'string' || typeof peak.peak !== 'number') return false;
        metrics.notePeak(peak.day, peak.type, peak.peak, typeof peak.host === 'string' ? peak.host : undefined);
        return true;
      },
      log,
    );
    // A torn record may have carried seq lastSeq + 1 without being acknowledged: reusing it is fine.
    nextSeq = Math.max(audit.lastSeq, seqFloor) + 1;
  }

  async function retention(): Promise<RetentionResult> {
    const firstKeptDay = firstRetainedDay(now(), retentionDays);
    const removedThrough = audit.maxSeqBefore(firstKeptDay);
    if (removedThrough > seqFloor) {
      await writeSeqFloor(options.dir, removedThrough);
      seqFloor = removedThrough;
    }
    await audit.dropDaysBefore(firstKeptDay);
    history.dropEndedBefore(Date.parse(`${firstKeptDay}T00:00:00Z`));
    metrics.dropDaysBefore(firstKeptDay);
    const removedDays = {
      audit: await auditFiles.removeDaysBefore(firstKeptDay),
      history: await historyFiles.removeDaysBefore(firstKeptDay),
      peaks: await peakFiles.removeDaysBefore(firstKeptDay),
    };
    const removed = Object.entries(removedDays)
      .filter(([, days]) => days.length > 0)
      .map(([log, days]) => `${log} ${days.join(' ')}`);
    log(`journal retention (${retentionDays} days, keeping ${firstKeptDay} on): ${removed.length > 0 ? `removed ${removed.join('; ')}` : 'nothing to remove'}`);
    return { firstKeptDay, removedDays };
  }

  function runRetention(): Promise<RetentionResult> {
    if (state === 'closed') return Promise.reject(new Error('journal is closed'));
    retentionRun ??= retention().finally(() => {
      retentionRun = undefined;
    });
    return retentionRun;
  }

  return {
    async start() {
      if (state !== 'new') throw new Error('journal already started');
      state = 'starting';
      await load();
      state = 'open';
      // A failed retention run (a file it cannot remove, say) is logged and retried by the timer;
      // it must not keep the app from starting.
      const retain = (): Promise<void> => runRetention().then(
        () => undefined,
        (error: unknown) => log(`journal retention failed: ${String(error)}`),
      );
      await retain();
      timer = setInterval(() => void retain(), Math.min(options.retentionIntervalMs ?? DAY_MS, MAX_TIMER_MS));
      timer.unref();
    },

    async close() {
      if (state === 'closed') throw new Error('journal is closed');
      state = 'closed';
      clearInterval(timer);
      await retentionRun?.catch(() => undefined);
      await Promise.all([auditFiles.close(), historyFiles.close(), peakFiles.close()]);
      await audit.close();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([hooks.idle(), new Promise<void>((resolve) => (grace = setTimeout(resolve, HOOK_CLOSE_GRACE_MS)))]);
      clearTimeout(grace);
      await hooks.close();
    },

    async record(input: AuditInput) {
      assertOpen();
      const record: AuditRecord = {
        seq: nextSeq++,
        at: now(),
        kind: input.kind,
        ...(input.sessionId !== undefined && { sessionId: input.sessionId }),
        ...(input.type !== undefined && { type: input.type }),
        ...(input.index !== undefined && { index: input.index }),
        ...(input.host !== undefined && { host: input.host }),
        user: input.user,
        details: input.details ?? {},
      };
      const line = encodeLine(record);
      const { day, offset } = await auditFiles.append(utcDay(record.at), line);
      audit.add({ seq: record.seq, at: record.at, kind: record.kind, sessionId: record.sessionId, day, offset, length: line.length });
      metrics.addAudit(record);
      // Spawning takes a while: not on the caller's path.
      setImmediate(() => hooks.dispatch(record));
      return { ...record };
    },

    async recordEnded(entry: HistoryEntry) {
      assertOpen();
      if (history.has(entry.id)) {
        log(`journal: session ${entry.id} is already in the history; the second end is ignored`);
        return;
      }
      await historyFiles.append(utcDay(entry.endedAt), encodeLine(entry));
      if (history.add({ ...entry })) metrics.addHistory(entry);
    },

    noteConcurrency(type: string, running: number, at: number, host?: string) {
      if (state !== 'open') return;
      const day = utcDay(at);
      if (!metrics.notePeak(day, type, running, host)) return;
      const line: PeakLine = { day, type, peak: running, at, ...(host !== undefined ? { host } : {}) };
      peakFiles.append(day, encodeLine(line)).catch((error: unknown) => log(`journal: peak not saved: ${String(error)}`));
    },

    async listHistory(query: HistoryQuery): Promise<Page<HistoryEntry>> {
      assertOpen();
      return history.page(query);
    },

    async listAudit(query: AuditQuery): Promise<Page<AuditRecord>> {
      assertOpen();
      return audit.page(query);
    },

    async getMetrics(query: MetricsQuery): Promise<MetricsRow[]> {
      assertOpen();
      return metrics.rows(query);
    },

    setRetentionDays(days: number) {
      retentionDays = checkRetentionDays(days);
    },

    runRetention,

    hooksIdle: () => hooks.idle(),
  };
}

interface PeakLine {
  day: string;
  type: string;
  /** The machine, for a type on other machines. */
  host?: string;
  peak: number;
  at: number;
}

function checkRetentionDays(days: number): number {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`retentionDays: expected a positive integer, found ${days}`);
  return days;
}

function isHistoryEntry(value: unknown): value is HistoryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<HistoryEntry>;
  return (
    typeof entry.id === 'string' &&
    typeof entry.type === 'string' &&
    typeof entry.endedAt === 'number' &&
    typeof entry.durationMs === 'number' &&
    typeof entry.cause === 'string' &&
    typeof entry.bytesToViewer === 'number' &&
    typeof entry.bytesFromViewer === 'number'
  );
}
