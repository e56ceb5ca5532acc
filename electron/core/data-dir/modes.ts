// Ownership and mode checks in the manner of OpenSSH's StrictModes: a private directory or file that
// another user could write (or, for a secret, read) is refused, naming the path, its mode and the fix,
// rather than trusted silently.
import type { Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { DataDirError } from './data-dir-error';

const octal = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');
const quoted = (path: string): string => `'${path.replace(/'/g, `'\\''`)}'`;

function checkOwner(path: string, stats: Stats, what: string): void {
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid && stats.uid !== 0) {
    throw new DataDirError(path, `${what} ${path} belongs to uid ${stats.uid}, not to you (uid ${uid}): another user controls it; use a directory of your own`);
  }
}

/** Refuses a directory that every user may write to (they could replace or remove its files). */
export function checkPrivateDirectory(path: string, stats: Stats, what = 'data directory'): void {
  checkOwner(path, stats, what);
  if ((stats.mode & 0o002) !== 0) {
    throw new DataDirError(path, `${what} ${path} is writable by every user (mode ${octal(stats.mode)}): another user could replace Session Deck's files there; make it private with: chmod 700 ${quoted(path)}`);
  }
}

/** Refuses a secret file that other users may read or write (an access token, a key). */
export async function checkSecretFile(path: string, what = 'token file'): Promise<void> {
  const stats = await lstat(path);
  if (!stats.isFile()) throw new DataDirError(path, `${what} ${path} is not a regular file${stats.isSymbolicLink() ? ' (it is a symbolic link)' : ''}`);
  checkOwner(path, stats, what);
  if ((stats.mode & 0o066) !== 0) {
    throw new DataDirError(path, `${what} ${path} can be read or written by other users (mode ${octal(stats.mode)}): make it private with: chmod 600 ${quoted(path)}`);
  }
}
