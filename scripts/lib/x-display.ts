// X display helpers shared by the built-in scripts: whether a display number is free, and a
// private X authority file so that only the session's own programs can open its display.
import { randomBytes } from 'node:crypto';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { isLive } from './proc';

export const xLockFile = (display: number): string => `/tmp/.X${display}-lock`;
export const xSocketFile = (display: number): string => `/tmp/.X11-unix/X${display}`;

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Why the display cannot be used, or undefined when it is free. */
export async function displayBusyReason(display: number): Promise<string | undefined> {
  if (await exists(xLockFile(display))) return `display :${display} is in use (${xLockFile(display)} exists)`;
  if (await exists(xSocketFile(display))) return `display :${display} is in use (${xSocketFile(display)} exists)`;
  return undefined;
}

/**
 * Removes the lock file and socket of a display whose lock names a process that no longer exists
 * (a server killed before it could clean up). A lock of a live process is never touched, whoever
 * owns it. Returns whether anything was removed.
 */
export async function removeStaleDisplayTraces(display: number): Promise<boolean> {
  const text = await readFile(xLockFile(display), 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  if (text === undefined || !Number.isInteger(pid) || pid <= 0 || (await isLive(pid))) return false;
  await rm(xSocketFile(display), { force: true });
  await rm(xLockFile(display), { force: true });
  return true;
}

/** One Xauthority entry field: a 16-bit big-endian length, then the bytes. */
const field = (bytes: Buffer): Buffer => Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);

const FAMILY_WILD = 0xffff; // matches any host, so the file works whatever the hostname is

/** Writes an Xauthority file (mode 0600) with a fresh MIT-MAGIC-COOKIE-1 for the display. */
export async function writeXAuthority(path: string, display: number): Promise<void> {
  const entry = Buffer.concat([
    Buffer.from([FAMILY_WILD >> 8, FAMILY_WILD & 0xff]),
    field(Buffer.alloc(0)),
    field(Buffer.from(String(display))),
    field(Buffer.from('MIT-MAGIC-COOKIE-1')),
    field(randomBytes(16)),
  ]);
  await writeFile(path, entry, { mode: 0o600, flag: 'wx' });
}

/** Parses "WxH" into numbers (the engine has validated it already). */
export function parseSize(size: string): { width: number; height: number } {
  const [width, height] = size.split('x').map(Number);
  return { width: width ?? 0, height: height ?? 0 };
}
