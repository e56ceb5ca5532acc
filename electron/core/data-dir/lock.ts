// One Session Deck per data directory, like PostgreSQL's postmaster.pid: a lock file holding the
// pid and the kernel's start time of the process that holds it. A lock whose process is gone (or
// whose pid now belongs to another process) is stale and taken over; a live one is refused,
// naming its holder. The file is created whole (written aside, then linked into place), so a reader
// never sees it half-written.
import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSameProcess, processStartTime } from '../process/process-identity';
import { DataDirError } from './data-dir-error';
import { LOCK_FILE } from './markers';

interface LockRecord {
  pid: number;
  startTime: string;
  /** When it was taken (epoch ms), to say since when the directory is in use. */
  since: number;
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file, if it is still ours. Idempotent. */
  release(): Promise<void>;
}

async function readLock(path: string): Promise<LockRecord | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (Number.isInteger(value.pid) && typeof value.startTime === 'string' && typeof value.since === 'number') return value as LockRecord;
  } catch {
    // torn or foreign content: treated as stale below
  }
  return 'unreadable';
}

const describeHolder = (record: LockRecord): string => `pid ${record.pid}${record.pid === process.pid ? ', this very process' : ''}, since ${new Date(record.since).toISOString()}`;

export async function lockDataDir(dir: string, log: (line: string) => void = () => undefined): Promise<DataDirLock> {
  const path = join(dir, LOCK_FILE);
  const startTime = await processStartTime(process.pid);
  if (startTime === undefined) throw new Error('cannot read this process start time from /proc');
  const record: LockRecord = { pid: process.pid, startTime, since: Date.now() };
  const text = `${JSON.stringify(record)}\n`;
  const aside = `${path}.${randomBytes(6).toString('hex')}`;
  await writeFile(aside, text, { mode: 0o600, flag: 'wx' });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await link(aside, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw error;
      }
      const holder = await readLock(path);
      if (holder === 'missing') continue;
      if (holder !== 'unreadable' && (await isSameProcess(holder))) {
        throw new DataDirError(dir, `data directory ${dir} is in use by another Session Deck (${describeHolder(holder)}; lock file ${path}): stop that one first, or give this one another --data-dir`);
      }
      log(`data directory: taking over the stale lock ${path} (${holder === 'unreadable' ? 'unreadable' : `pid ${holder.pid} is gone`})`);
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
  let released: Promise<void> | undefined;
  return {
    path,
    release() {
      released ??= (async () => {
        // Only our own record is removed: never a lock another process took over meanwhile.
        if ((await readFile(path, 'utf8').catch(() => '')) === text) await unlink(path).catch(() => undefined);
      })();
      return released;
    },
  };
}
