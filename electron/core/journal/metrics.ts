// Daily metrics per session type and host (a type on other machines), kept up to date as records arrive (and rebuilt from the files at
// start): counts from audit records (by the record's UTC day), durations and bytes from the history
// (by the session's end day), peaks from noteConcurrency.
import type { AuditRecord, HistoryEntry, MetricsQuery, MetricsRow } from '../../shared/journal';
import { utcDay } from './utc-day';

/** Audit records without a session type (an unauthorized request, say) count under this one. */
export const UNKNOWN_TYPE = '(unknown)';

interface DayTypeTotals {
  day: string;
  type: string;
  host: string;
  started: number;
  failed: number;
  refused: number;
  ended: number;
  totalDurationMs: number;
  peakConcurrent: number;
  bytesToViewer: number;
  bytesFromViewer: number;
  queued: number;
  totalQueueWaitMs: number;
  maxQueueWaitMs: number;
}

export class DailyMetrics {
  private readonly totals = new Map<string, DayTypeTotals>();

  addAudit(record: Pick<AuditRecord, 'at' | 'kind' | 'type' | 'host'>): void {
    switch (record.kind) {
      case 'session_started':
        this.totalsFor(utcDay(record.at), record.type, record.host).started += 1;
        break;
      case 'start_failed':
        this.totalsFor(utcDay(record.at), record.type, record.host).failed += 1;
        break;
      case 'refused_at_capacity':
      case 'refused_not_authorized':
        this.totalsFor(utcDay(record.at), record.type, record.host).refused += 1;
        break;
      default:
        break;
    }
  }

  addHistory(entry: HistoryEntry): void {
    const totals = this.totalsFor(utcDay(entry.endedAt), entry.type, entry.host);
    totals.ended += 1;
    totals.totalDurationMs += entry.durationMs;
    totals.bytesToViewer += entry.bytesToViewer;
    totals.bytesFromViewer += entry.bytesFromViewer;
    const wait = entry.job?.queueWaitMs;
    if (typeof wait === 'number' && Number.isFinite(wait)) {
      totals.queued += 1;
      totals.totalQueueWaitMs += wait;
      totals.maxQueueWaitMs = Math.max(totals.maxQueueWaitMs, wait);
    }
  }

  /** Raises the day's peak for the type; true when it rose (and so is worth persisting). */
  notePeak(day: string, type: string, running: number, host?: string): boolean {
    const totals = this.totalsFor(day, type, host);
    if (running <= totals.peakConcurrent) return false;
    totals.peakConcurrent = running;
    return true;
  }

  dropDaysBefore(firstKept: string): void {
    for (const [key, totals] of this.totals) if (totals.day < firstKept) this.totals.delete(key);
  }

  /** Rows newest day first, then by type. */
  rows(query: MetricsQuery = {}): MetricsRow[] {
    const rows: MetricsRow[] = [];
    for (const t of this.totals.values()) {
      if (query.type !== undefined && t.type !== query.type) continue;
      if (query.fromDay !== undefined && t.day < query.fromDay) continue;
      if (query.toDay !== undefined && t.day > query.toDay) continue;
      rows.push({
        day: t.day,
        type: t.type,
        ...(t.host !== '' ? { host: t.host } : {}),
        started: t.started,
        failed: t.failed,
        refused: t.refused,
        totalDurationMs: t.totalDurationMs,
        meanDurationMs: t.ended === 0 ? 0 : Math.round(t.totalDurationMs / t.ended),
        peakConcurrent: t.peakConcurrent,
        bytesToViewer: t.bytesToViewer,
        bytesFromViewer: t.bytesFromViewer,
        ...(t.queued === 0 ? {} : { meanQueueWaitMs: Math.round(t.totalQueueWaitMs / t.queued), maxQueueWaitMs: t.maxQueueWaitMs }),
      });
    }
    const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    return rows.sort((a, b) => (a.day !== b.day ? order(b.day, a.day) : order(a.type, b.type) || order(a.host ?? '', b.host ?? '')));
  }

  private totalsFor(day: string, type: string | undefined, host = ''): DayTypeTotals {
    const name = type ?? UNKNOWN_TYPE;
    const key = `${day}\u0000${name}\u0000${host}`;
    let totals = this.totals.get(key);
    if (!totals) {
      totals = { day, type: name, host, started: 0, failed: 0, refused: 0, ended: 0, totalDurationMs: 0, peakConcurrent: 0, bytesToViewer: 0, bytesFromViewer: 0, queued: 0, totalQueueWaitMs: 0, maxQueueWaitMs: 0 };
      this.totals.set(key, totals);
    }
    return totals;
  }
}
