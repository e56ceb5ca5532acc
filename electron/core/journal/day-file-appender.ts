// Append-only day files ("<dir>/YYYY-MM-DD.jsonl") with group commit: every line waiting when a
// flush starts is written, then each touched file is fdatasync'ed once, then all of those appends
// resolve. A caller is therefore never told "done" before its line is on disk, and a burst of
// appends costs one sync instead of one each. Only removeDaysBefore (the retention job) deletes.
import { open, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { isUtcDay } from './utc-day';

/** What of an open file the appender uses (a node:fs FileHandle, or a test's recording fake). */
export interface AppendFile {
  write(buffer: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }>;
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number }>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file operations of the appender, injectable so tests can see every sync. */
export interface JournalFs {
  open(path: string, flags: string, mode?: number): Promise<AppendFile>;
  readdir(path: string): Promise<string[]>;
  unlink(path: string): Promise<void>;
}

export const nodeJournalFs: JournalFs = {
  open: (path, flags, mode) => open(path, flags, mode),
  readdir: (path) => readdir(path),
  unlink: (path) => unlink(path),
};

const SUFFIX = '.jsonl';
/** Open append handles kept: today's and yesterday's (a late entry), others are reopened. */
const MAX_OPEN_HANDLES = 2;

export interface AppendResult {
  day: string;
  /** Byte offset of the line in its day file. */
  offset: number;
}

interface Pending {
  day: string;
  line: Buffer;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

interface OpenFile {
  handle: AppendFile;
  size: number;
}

export function dayFilePath(dir: string, day: string): string {
  return join(dir, `${day}${SUFFIX}`);
}

/** The days that have a file in dir, oldest first. */
export async function listDays(dir: string, fs: Pick<JournalFs, 'readdir'> = nodeJournalFs): Promise<string[]> {
  const names = await fs.readdir(dir);
  return names
    .filter((name) => name.endsWith(SUFFIX) && isUtcDay(name.slice(0, -SUFFIX.length)))
    .map((name) => name.slice(0, -SUFFIX.length))
    .sort();
}

export class DayFileAppender {
  private pending: Pending[] = [];
  private flushScheduled = false;
  /** Flushes and removals run one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private readonly files = new Map<string, OpenFile>();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly fs: JournalFs = nodeJournalFs,
  ) {}

  append(day: string, line: Buffer): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('journal is closed'));
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ day, line, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // Each append's own promise carries its outcome; a failure of the flush as a whole must
        // not become an unhandled rejection, which would end the headless host.
        this.enqueue(() => this.flush()).catch(() => undefined);
      }
    });
  }

  /** Deletes the files of days before firstKept; the retention job's, and the only deletion. */
  removeDaysBefore(firstKept: string): Promise<string[]> {
    return this.enqueue(async () => {
      const removed: string[] = [];
      for (const day of await listDays(this.dir, this.fs)) {
        if (day >= firstKept) break;
        await this.closeFile(day);
        await this.fs.unlink(dayFilePath(this.dir, day));
        removed.push(day);
      }
      if (removed.length > 0) await this.syncDirectory();
      return removed;
    });
  }

  /** Writes what is pending, then closes every file; later appends reject. */
  async close(): Promise<void> {
    this.closed = true;
    await this.enqueue(async () => {
      for (const day of [...this.files.keys()]) await this.closeFile(day);
    });
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    const byDay = new Map<string, Pending[]>();
    for (const item of batch) {
      const list = byDay.get(item.day);
      if (list) list.push(item);
      else byDay.set(item.day, [item]);
    }
    const written: { file: OpenFile; items: Pending[]; results: AppendResult[] }[] = [];
    for (const [day, items] of byDay) {
      try {
        const file = await this.fileFor(day);
        const results: AppendResult[] = [];
        let offset = file.size;
        for (const item of items) {
          results.push({ day, offset });
          offset += item.line.length;
        }
        await writeAll(file.handle, Buffer.concat(items.map((item) => item.line)));
        file.size = offset;
        written.push({ file, items, results });
      } catch (error) {
        // The file's end is unknown now: reopen it next time (which also repairs a torn tail).
        await this.closeFile(day).catch(() => undefined);
        for (const item of items) item.reject(error);
      }
    }
    for (const { file, items, results } of written) {
      try {
        await file.handle.datasync();
        items.forEach((item, i) => item.resolve(results[i] as AppendResult));
      } catch (error) {
        for (const item of items) item.reject(error);
      }
    }
    await this.trimOpenFiles();
  }

  private async fileFor(day: string): Promise<OpenFile> {
    const existing = this.files.get(day);
    if (existing) return existing;
    // 0600: records name users and what they did.
    const handle = await this.fs.open(dayFilePath(this.dir, day), 'a+', 0o600);
    try {
      let { size } = await handle.stat();
      if (size === 0) {
        // A new file: its directory entry must be durable too, not just its data.
        await this.syncDirectory();
      } else {
        // A crash may have torn the last line: end it, so the next line starts clean and the torn
        // bytes stay a single bad line that readers skip.
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) {
          await writeAll(handle, Buffer.from('\n'));
          size += 1;
        }
      }
      const file = { handle, size };
      this.files.set(day, file);
      return file;
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
  }

  /** Closes the oldest days' files beyond MAX_OPEN_HANDLES (appends are mostly for today). */
  private async trimOpenFiles(): Promise<void> {
    const days = [...this.files.keys()].sort();
    for (const day of days.slice(0, Math.max(0, days.length - MAX_OPEN_HANDLES))) {
      // Its lines are synced already: a failed close loses nothing, and the handle is dropped.
      await this.closeFile(day).catch(() => undefined);
    }
  }

  private async syncDirectory(): Promise<void> {
    const handle = await this.fs.open(this.dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async closeFile(day: string): Promise<void> {
    const file = this.files.get(day);
    if (!file) return;
    this.files.delete(day);
    await file.handle.close();
  }
}

async function writeAll(handle: AppendFile, data: Buffer): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done);
    done += bytesWritten;
  }
}
