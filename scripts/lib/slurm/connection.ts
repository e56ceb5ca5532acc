// The two ends of a Slurm session's connection: the record the job writes on its node (where its
// server listens), and, where viewers cannot reach the node directly, an SSH forward to it.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionResources } from '../../api';

export interface ConnectionRecord {
  host: string;
  port: number;
  display: number;
  node: string;
}

const RECORD = 'connection.json';
const POLL_MS = 100;
const JOB_CHECK_EVERY = 10;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function parseConnectionRecord(text: string, path: string): ConnectionRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not JSON: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const record = value as Partial<ConnectionRecord> | null;
  const port = record?.port;
  const display = record?.display;
  if (typeof record?.host !== 'string' || !/^[A-Za-z0-9.:_-]{1,255}$/.test(record.host)) throw new Error(`${path}: "host": expected a host name or address, found ${JSON.stringify(record?.host)}`);
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${path}: "port": expected an integer from 1 to 65535, found ${JSON.stringify(port)}`);
  if (typeof display !== 'number' || !Number.isInteger(display) || display < 0) throw new Error(`${path}: "display": expected a display number, found ${JSON.stringify(display)}`);
  const node = typeof record.node === 'string' && /^[A-Za-z0-9._-]{1,255}$/.test(record.node) ? record.node : record.host;
  return { host: record.host, port, display, node };
}

/**
 * Waits for the job's record, until the session's signal aborts (start timeout, stop) or jobEnded()
 * says the job ended first. A record that others could have written is refused.
 */
export async function readConnectionRecord(jobDir: string, session: SessionResources, jobEnded: () => Promise<string | undefined>): Promise<ConnectionRecord> {
  const path = join(jobDir, RECORD);
  for (let round = 1; ; round++) {
    if (session.signal.aborted) throw new Error(`stopped waiting for the connection record ${path}`);
    const info = await stat(path).catch(() => undefined);
    if (info) {
      if ((info.mode & 0o022) !== 0 || (process.getuid && info.uid !== process.getuid())) throw new Error(`${path} is writable by others or not this user's: refused`);
      return parseConnectionRecord(await readFile(path, 'utf8'), path);
    }
    if (round % JOB_CHECK_EVERY === 0) {
      const ended = await jobEnded();
      if (ended) throw new Error(ended);
    }
    await delay(POLL_MS);
  }
}

/** Any free loopback port, for the forward's local end. */
async function freeLoopbackPort(session: SessionResources): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if (await session.isPortFree('127.0.0.1', port)) return port;
  }
  throw new Error('no free loopback port for the SSH forward');
}

/**
 * `ssh -N -L` from a loopback port here to the server on the node's loopback (a node reached only
 * through a login node takes a ProxyJump in the ssh_config). The forward is the session's server
 * process: if it ends, so does the session. ssh accepts on the local port before the far end
 * listens, so readiness is the RFB banner.
 */
export async function sshForward(session: SessionResources, to: { node: string; port: number; sshConfig?: string }): Promise<number> {
  const local = await freeLoopbackPort(session);
  session.spawn('ssh', [
    ...(to.sshConfig ? ['-F', to.sshConfig] : []),
    '-N',
    '-o', 'BatchMode=yes',
    '-o', 'ExitOnForwardFailure=yes',
    '-o', 'ServerAliveInterval=15',
    '-L', `127.0.0.1:${local}:127.0.0.1:${to.port}`,
    '--', to.node,
  ]);
  await session.waitForRfb('127.0.0.1', local);
  return local;
}
