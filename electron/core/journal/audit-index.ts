// What the journal keeps in memory about each audit record: enough to filter and page (seq, time,
// kind, session) and where its line is; the records themselves are read from their day files a page
// at a time, so a long retention of a busy host does not have to fit in memory.
import { open, type FileHandle } from 'node:fs/promises';
import type { AuditEventKind, AuditQuery, AuditRecord, Page } from '../../shared/journal';
import { dayFilePath } from './day-file-appender';
import { decodeLine } from './line-codec';
import { countBefore, decodeAuditCursor, encodeAuditCursor, pageLimit } from './paging';

export interface AuditLocation {
  seq: number;
  at: number;
  kind: AuditEventKind;
  sessionId: string | undefined;
  day: string;
  offset: number;
  length: number;
}

export class AuditIndex {
  /** Sorted by seq. */
  private entries: AuditLocation[] = [];
  private readonly readers = new Map<string, Promise<FileHandle>>();

  constructor(private readonly dir: string) {}

  get size(): number {
    return this.entries.length;
  }

  get lastSeq(): number {
    return this.entries[this.entries.length - 1]?.seq ?? 0;
  }

  /** The highest seq in the days before firstKept (0 if none). */
  maxSeqBefore(firstKept: string): number {
    let max = 0;
    for (const entry of this.entries) if (entry.day < firstKept && entry.seq > max) max = entry.seq;
    return max;
  }

  add(location: AuditLocation): void {
    const last = this.entries[this.entries.length - 1];
    if (!last || last.seq < location.seq) this.entries.push(location);
    else this.entries.splice(countBefore(this.entries, (item) => item.seq < location.seq), 0, location);
  }

  /** Forgets the records of days before firstKept, as their files are being removed. */
  async dropDaysBefore(firstKept: string): Promise<void> {
    this.entries = this.entries.filter((entry) => entry.day >= firstKept);
    for (const [day, reader] of [...this.readers]) {
      if (day >= firstKept) continue;
      this.readers.delete(day);
      await (await reader).close();
    }
  }

  async page(query: AuditQuery): Promise<Page<AuditRecord>> {
    const limit = pageLimit(query.limit);
    const { kind, sessionId, from, to } = query;
    let start = this.entries.length;
    if (query.cursor !== undefined) {
      const seq = decodeAuditCursor(query.cursor);
      start = countBefore(this.entries, (item) => item.seq < seq);
    }
    const found: AuditLocation[] = [];
    let more = false;
    for (let i = start - 1; i >= 0; i -= 1) {
      const entry = this.entries[i] as AuditLocation;
      // Times follow seq except when the clock steps back, so time bounds filter, never stop the scan.
      if (from !== undefined && entry.at < from) continue;
      if (to !== undefined && entry.at > to) continue;
      if (kind !== undefined && entry.kind !== kind) continue;
      if (sessionId !== undefined && entry.sessionId !== sessionId) continue;
      if (found.length === limit) {
        more = true;
        break;
      }
      found.push(entry);
    }
    const items = await Promise.all(found.map((entry) => this.read(entry)));
    const last = found[found.length - 1];
    return more && last ? { items, nextCursor: encodeAuditCursor(last.seq) } : { items };
  }

  async close(): Promise<void> {
    const readers = [...this.readers.values()];
    this.readers.clear();
    await Promise.all(readers.map(async (reader) => (await reader).close()));
  }

  private async read(entry: AuditLocation): Promise<AuditRecord> {
    let reader = this.readers.get(entry.day);
    if (!reader) {
      reader = open(dayFilePath(this.dir, entry.day), 'r');
      this.readers.set(entry.day, reader);
      reader.catch(() => this.readers.delete(entry.day));
    }
    const buffer = Buffer.alloc(entry.length);
    await (await reader).read(buffer, 0, entry.length, entry.offset);
    const end = buffer[buffer.length - 1] === 0x0a ? buffer.length - 1 : buffer.length;
    const record = decodeLine(buffer.subarray(0, end));
    // The line was checked when it was indexed; failing now means the file changed under us.
    if (!isAuditRecord(record)) throw new Error(`audit record ${entry.seq} is unreadable in ${entry.day}`);
    return record;
  }
}

export function isAuditRecord(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Partial<AuditRecord>;
  return (
    typeof record.seq === 'number' &&
    typeof record.at === 'number' &&
    typeof record.kind === 'string' &&
    typeof record.user === 'string' &&
    typeof record.details === 'object' &&
    record.details !== null
  );
}
