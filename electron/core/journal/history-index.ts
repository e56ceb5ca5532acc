// Every ended session, in memory, sorted by (endedAt, id) ascending, so a page newest first is a
// binary search for where to start and a backward scan. The same entries are also listed per type
// and per cause, and a filtered page scans the shortest list that can hold its answer, so a rare
// type or cause does not cost a scan of everything (figures: bench/history.bench.ts).
import type { HistoryEntry, HistoryQuery, Page } from '../../shared/journal';
import { countBefore, decodeHistoryCursor, encodeHistoryCursor, pageLimit, type HistoryKey } from './paging';

function compareKey(a: HistoryKey, b: HistoryKey): number {
  if (a.endedAt !== b.endedAt) return a.endedAt - b.endedAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function insertSorted(list: HistoryEntry[], entry: HistoryEntry): void {
  const last = list[list.length - 1];
  // Sessions mostly end in order: appending is the common case.
  if (!last || compareKey(last, entry) < 0) list.push(entry);
  else list.splice(countBefore(list, (item) => compareKey(item, entry) < 0), 0, entry);
}

function insertByKey(lists: Map<string, HistoryEntry[]>, key: string, entry: HistoryEntry): void {
  const list = lists.get(key);
  if (list) insertSorted(list, entry);
  else lists.set(key, [entry]);
}

const NONE: readonly HistoryEntry[] = [];

export class HistoryIndex {
  private entries: HistoryEntry[] = [];
  private readonly byType = new Map<string, HistoryEntry[]>();
  private readonly byCause = new Map<string, HistoryEntry[]>();
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
    insertSorted(this.entries, entry);
    insertByKey(this.byType, entry.type, entry);
    insertByKey(this.byCause, entry.cause, entry);
    return true;
  }

  /** Drops the entries that ended before the given time (the retention job's cut). */
  dropEndedBefore(epochMs: number): number {
    const isOld = (item: HistoryEntry): boolean => item.endedAt < epochMs;
    const count = countBefore(this.entries, isOld);
    for (const entry of this.entries.slice(0, count)) this.ids.delete(entry.id);
    this.entries = this.entries.slice(count);
    for (const lists of [this.byType, this.byCause]) {
      for (const [key, list] of lists) {
        const kept = list.slice(countBefore(list, isOld));
        if (kept.length === 0) lists.delete(key);
        else lists.set(key, kept);
      }
    }
    return count;
  }

  page(query: HistoryQuery): Page<HistoryEntry> {
    const limit = pageLimit(query.limit);
    const { type, cause, from, to } = query;
    let list: readonly HistoryEntry[] = this.entries;
    if (type !== undefined) list = shorter(list, this.byType.get(type) ?? NONE);
    if (cause !== undefined) list = shorter(list, this.byCause.get(cause) ?? NONE);
    // Index of the newest candidate: before the cursor, and ending no later than `to`.
    let start = list.length;
    if (query.cursor !== undefined) {
      const key = decodeHistoryCursor(query.cursor);
      start = countBefore(list, (item) => compareKey(item, key) < 0);
    }
    if (to !== undefined) start = Math.min(start, countBefore(list, (item) => item.endedAt <= to));
    const items: HistoryEntry[] = [];
    let more = false;
    for (let i = start - 1; i >= 0; i -= 1) {
      const entry = list[i] as HistoryEntry;
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

function shorter(a: readonly HistoryEntry[], b: readonly HistoryEntry[]): readonly HistoryEntry[] {
  return b.length < a.length ? b : a;
}
