// Every ended session, in memory, sorted by (endedAt, id) ascending, so a page newest first is a
// binary search for where to start and a backward scan: well under a millisecond for the usual
// page of 100,000 entries (see bench/history.bench.ts).
import type { HistoryEntry, HistoryQuery, Page } from '../../shared/journal';
import { countBefore, decodeHistoryCursor, encodeHistoryCursor, pageLimit, type HistoryKey } from './paging';

function compareKey(a: HistoryKey, b: HistoryKey): number {
  if (a.endedAt !== b.endedAt) return a.endedAt - b.endedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export class HistoryIndex {
  private entries: HistoryEntry[] = [];
  private readonly ids = new Set<string>();

  get size(): number {
    return this.entries.length;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Adds an entry; false when one with its id is already there (the first one stays). */
  add(entry: HistoryEntry): boolean {
    if (this.ids.has(entry.id)) return false;
    this.ids.add(entry.id);
    const last = this.entries[this.entries.length - 1];
    if (!last || compareKey(last, entry) < 0) this.entries.push(entry);
    else this.entries.splice(countBefore(this.entries, (item) => compareKey(item, entry) < 0), 0, entry);
    return true;
  }

  /** Drops the entries that ended before the given time (the retention job's cut). */
  dropEndedBefore(epochMs: number): number {
    const count = countBefore(this.entries, (item) => item.endedAt < epochMs);
    for (const entry of this.entries.slice(0, count)) this.ids.delete(entry.id);
    this.entries = this.entries.slice(count);
    return count;
  }

  page(query: HistoryQuery): Page<HistoryEntry> {
    const limit = pageLimit(query.limit);
    const { type, cause, from, to } = query;
    // Index of the newest candidate: before the cursor, and ending no later than `to`.
    let start = this.entries.length;
    if (query.cursor !== undefined) {
      const key = decodeHistoryCursor(query.cursor);
      start = countBefore(this.entries, (item) => compareKey(item, key) < 0);
    }
    if (to !== undefined) start = Math.min(start, countBefore(this.entries, (item) => item.endedAt <= to));
    const items: HistoryEntry[] = [];
    let more = false;
    for (let i = start - 1; i >= 0; i -= 1) {
      const entry = this.entries[i] as HistoryEntry;
      if (from !== undefined && entry.endedAt < from) break;
      if (type !== undefined && entry.type !== type) continue;
      if (cause !== undefined && entry.cause !== cause) continue;
      if (items.length === limit) {
        more = true;
        break;
      }
      items.push({ ...entry });
    }
    const last = items[items.length - 1];
    return more && last ? { items, nextCursor: encodeHistoryCursor(last) } : { items };
  }
}
