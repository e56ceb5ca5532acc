// What Session Deck writes so that it later deletes only its own things: a marker at the top of the
// data directory it created (or adopted while empty, or holding only its own entries), and one in
// every session's scratch directory. Scratch directories are named by session id.
import { lstat, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirError } from './data-dir-error';

export const DATA_DIR_MARKER = '.session-deck-data';
export const SCRATCH_MARKER = '.session-deck-scratch';
export const LOCK_FILE = 'session-deck.pid';

/** A session id: 9 random bytes in base64url. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{12}$/;

/**
 * Entries that Session Deck itself puts in a data directory (earlier versions wrote no marker):
 * a directory holding only these is adopted. Temporary files of atomic writes carry a hex suffix.
 */
const OWN_ENTRIES = [
  /^(journal|sessions|browser-window|host-checks)$/,
  /^(settings|live-sessions|secrets|sessions)\.json$/,
  /^(access-token|login-key|secrets\.key)$/,
  /^(settings|live-sessions|secrets)\.json\.[0-9a-f]+$/,
  /^live-sessions\.json\.corrupt-[\w.-]+$/,
  /^session-deck\.pid\.[0-9a-f]+$/,
];
const isOwnEntry = (name: string): boolean => name === DATA_DIR_MARKER || name === LOCK_FILE || OWN_ENTRIES.some((pattern) => pattern.test(name));

const markerText = (what: string) => `This ${what} belongs to Session Deck, which removes only what it marked this way.\n`;

/** Writes the scratch directory's marker (right after creating the directory). */
export const markScratchDir = (dir: string): Promise<void> => writeFile(join(dir, SCRATCH_MARKER), markerText('session scratch directory'), { mode: 0o600, flag: 'wx' });

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Whether dir is a real directory (not a link) named like a session and carrying our marker. */
export async function isOwnScratchDir(sessionsDir: string, name: string): Promise<boolean> {
  if (!SESSION_ID_PATTERN.test(name)) return false;
  const stats = await lstat(join(sessionsDir, name)).catch(() => undefined);
  return stats?.isDirectory() === true && (await isRegularFile(join(sessionsDir, name, SCRATCH_MARKER)));
}

export type Adoption = 'marked' | 'created' | 'adopted';

/**
 * Makes sure dir is Session Deck's: it carries the marker, or is empty, or holds only Session
 * Deck's own entries (then the marker is written). Anything else is refused, saying why, unless
 * the directory is the application's own (Electron's per-app folder, where Chromium keeps its files).
 */
export async function claimDataDir(dir: string, options: { appOwned?: boolean } = {}): Promise<Adoption> {
  if (await isRegularFile(join(dir, DATA_DIR_MARKER))) return 'marked';
  const entries = await readdir(dir);
  const foreign = options.appOwned ? [] : entries.filter((name) => !isOwnEntry(name)).sort();
  // A `sessions` folder is ours only if it holds nothing but session scratch directories.
  if (entries.includes('sessions') && !options.appOwned) {
    const inside = await readdir(join(dir, 'sessions')).catch(() => [] as string[]);
    foreign.push(...inside.filter((name) => !SESSION_ID_PATTERN.test(name)).map((name) => `sessions/${name}`));
  }
  if (foreign.length > 0) {
    const shown = foreign.slice(0, 5).map((name) => JSON.stringify(name)).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    throw new DataDirError(
      dir,
      `data directory ${dir} is not empty and Session Deck did not create it (no ${DATA_DIR_MARKER} file; it holds ${shown}): Session Deck removes files in its data directory, so it uses only an empty or new one; choose another directory`,
    );
  }
  await writeFile(join(dir, DATA_DIR_MARKER), markerText('data directory'), { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return entries.length === 0 ? 'created' : 'adopted';
}
