// Opening the data directory, before anything is read or written in it: created 0700 when missing;
// refused when another user could write it, when Session Deck did not create it and it is not
// empty, when its sessions folder is a symbolic link, or when another Session Deck holds it.
import { lstat, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirError } from './data-dir-error';
import { lockDataDir, type DataDirLock } from './lock';

export type { DataDirLock };
import { claimDataDir } from './markers';
import { checkPrivateDirectory } from './modes';

export interface OpenDataDirOptions {
  log?: (line: string) => void;
  /** The application's own folder (Electron's default userData): marked whatever it holds. */
  appOwned?: boolean;
}

/** Refuses a sessions folder that is a link or not a directory; creates it when missing. */
async function checkSessionsDir(dir: string): Promise<void> {
  const sessionsDir = join(dir, 'sessions');
  const stats = await lstat(sessionsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stats === undefined) {
    await mkdir(sessionsDir, { mode: 0o700 });
    return;
  }
  if (stats.isSymbolicLink()) {
    throw new DataDirError(sessionsDir, `${sessionsDir} is a symbolic link: Session Deck removes what it left in that folder and never follows a link there; remove the link (Session Deck creates the folder itself)`);
  }
  if (!stats.isDirectory()) throw new DataDirError(sessionsDir, `${sessionsDir} is not a directory; move it away`);
  checkPrivateDirectory(sessionsDir, stats, 'sessions directory');
}

/** Checks, marks and locks the data directory; the lock is held until release(). */
export async function openDataDir(dir: string, options: OpenDataDirOptions = {}): Promise<DataDirLock> {
  const log = options.log ?? (() => undefined);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stats = await stat(dir);
  if (!stats.isDirectory()) throw new DataDirError(dir, `data directory ${dir} is not a directory`);
  checkPrivateDirectory(dir, stats);
  const adoption = await claimDataDir(dir, { appOwned: options.appOwned ?? false });
  if (adoption === 'adopted') log(`data directory ${dir}: holds only Session Deck's own files, marked as Session Deck's`);
  const lock = await lockDataDir(dir, log);
  try {
    await checkSessionsDir(dir);
  } catch (error) {
    await lock.release();
    throw error;
  }
  return lock;
}
