// JSON files the engine rewrites whole (settings, secrets, the live registry): each write goes to a
// temporary file of its own, is fsynced, renamed over the old file and the directory fsynced, so a
// crash leaves the old file or the new one, never a torn or lost one. Writes and read-modify-write
// updates of one path run one at a time, in call order, so concurrent updates never drop keys.
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export interface JsonWriteOptions {
  /** File mode; default 0600 (these files hold settings, secrets and process ids). */
  mode?: number;
}

/** One queue per absolute path, shared by every user of the path in this process. */
const queues = new Map<string, Promise<void>>();

/** Runs operation after every earlier operation queued on the same path has settled. */
export function serialisedOn<T>(path: string, operation: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  const result = (queues.get(key) ?? Promise.resolve()).then(operation);
  const tail = result.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

/** The parsed file, or undefined when it does not exist. A file that is not JSON throws. */
export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as unknown;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeNow(path: string, value: unknown, options: JsonWriteOptions): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, { mode: options.mode ?? 0o600, fsync: true });
  // The rename is durable only once the directory entry is.
  await syncDirectory(dir);
}

/** Replaces the file with value, after the writes and updates queued before it. */
export function writeJsonFile(path: string, value: unknown, options: JsonWriteOptions = {}): Promise<void> {
  return serialisedOn(path, () => writeNow(path, value, options));
}

/**
 * Read-modify-write: change gets what is on disk now (undefined when there is no file) and returns
 * what to write. Serialised with every other write and update of the path.
 */
export function updateJsonFile<T>(path: string, change: (current: unknown) => T | Promise<T>, options: JsonWriteOptions = {}): Promise<T> {
  return serialisedOn(path, async () => {
    const next = await change(await readJsonFile(path));
    await writeNow(path, next, options);
    return next;
  });
}
