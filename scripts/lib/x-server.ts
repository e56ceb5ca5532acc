// X servers started by scripts that do not announce readiness on a channel we can read: wait for
// their socket to accept connections; and after a forced kill, remove the lock file and socket the
// server had no chance to remove, but only when the lock names that very server.
import { readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { isRunning } from './processes';
import { xLockFile, xSocketFile } from './x-display';

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once display's Unix socket accepts connections; rejects after timeoutMs or on abort. */
export async function waitForXServer(display: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await socketAnswers(xSocketFile(display)))) {
    if (signal?.aborted) throw new Error(`stopped waiting for X display :${display}`);
    if (Date.now() >= deadline) throw new Error(`X display :${display} not ready within ${timeoutMs} ms`);
    await delay(50);
  }
}

/** The pid in display's lock file, if there is one. */
export async function lockOwner(display: number): Promise<number | undefined> {
  const text = await readFile(xLockFile(display), 'utf8').catch(() => undefined);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Removes display's lock file and socket if the lock names serverPid and that process is gone. */
export async function removeTracesOf(display: number, serverPid: number): Promise<boolean> {
  if ((await lockOwner(display)) !== serverPid || (await isRunning(serverPid))) return false;
  await rm(xSocketFile(display), { force: true });
  await rm(xLockFile(display), { force: true });
  return true;
}
