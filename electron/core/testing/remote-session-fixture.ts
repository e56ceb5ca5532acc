// A session's side on a test ssh host (./sshd.ts) without an engine around it: the real
// RemoteSession (one ssh master, a private directory there with a password file), for tests of
// what scripts do through session.host. close() ends what it started there and removes its files.
import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { RemoteSession } from '../remote/remote-session';
import { randomVncPassword, writeVncPasswordFile } from '../vnc/vnc-auth';
import { makeTempDir } from './fixtures';
import type { SshHosts } from './sshd';

export interface TestRemoteSession {
  remote: RemoteSession;
  /** The session log's lines (what the remote side logged). */
  lines: string[];
  close(): Promise<void>;
}

export async function openRemoteSession(hosts: SshHosts, alias: string, sessionId: string): Promise<TestRemoteSession> {
  const dir = await makeTempDir('deck-remote-session');
  const passwordFile = join(dir.path, 'passwd');
  await writeVncPasswordFile(passwordFile, randomVncPassword());
  const logFd = openSync(join(dir.path, 'session.log'), 'a');
  const lines: string[] = [];
  const remote = new RemoteSession({
    sessionId,
    destination: alias,
    placement: { sshConfig: hosts.configFile, sshOptions: [] },
    scratchDir: dir.path,
    passwordFile,
    logFd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    stopGraceMs: 2_000,
    log: (line) => lines.push(line),
    onChange: () => undefined,
  });
  const close = async () => {
    await remote.release();
    closeSync(logFd);
    await dir.remove();
  };
  try {
    await remote.open();
  } catch (error) {
    await close();
    throw error;
  }
  return { remote, lines, close };
}
