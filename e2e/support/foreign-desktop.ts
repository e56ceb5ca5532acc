// A VNC desktop that Session Deck did not start, for the `external` script: TigerVNC's Xvnc on
// loopback with its own password (made by the system's `vncpasswd -f`) and a private X authority,
// and an xterm in it to type into. Both are ended by PID in stop().
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { waitUntil } from '../../electron/core/util/wait';
import { TEST_XTERM } from './desktop';

const run = promisify(execFile);

export interface ForeignDesktop {
  running(): boolean;
  stop(): Promise<void>;
}

/** `vncpasswd -f` reads the password on stdin and writes its obfuscated form to stdout. */
async function writePasswordFile(path: string, password: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', 'umask 077 && vncpasswd -f > "$1"', 'sh', path], { stdio: ['pipe', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vncpasswd -f exited with ${code}`))));
    child.stdin.end(`${password}\n`);
  });
}

function owned(child: ChildProcess) {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    running,
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function startForeignDesktop({ display, port, password }: { display: number; port: number; password: string }): Promise<ForeignDesktop> {
  const dir = await mkdtemp(join(tmpdir(), 'deck-e2e-foreign-'));
  const passwordFile = join(dir, 'passwd');
  const xauthority = join(dir, 'Xauthority');
  await writePasswordFile(passwordFile, password);
  await run('xauth', ['-f', xauthority, 'add', `:${display}`, 'MIT-MAGIC-COOKIE-1', randomBytes(16).toString('hex')]);
  const server = owned(
    spawn(
      'Xvnc',
      [`:${display}`, '-rfbport', String(port), '-localhost', '-interface', '127.0.0.1', '-SecurityTypes', 'VncAuth', '-rfbauth', passwordFile,
        '-auth', xauthority, '-nolisten', 'tcp', '-geometry', '800x600', '-desktop', 'Lab desktop'],
      { stdio: 'ignore' },
    ),
  );
  const env = { ...process.env, DISPLAY: `:${display}`, XAUTHORITY: xauthority };
  // Asks X, not the RFB port: TigerVNC counts connections that never sign in against their address.
  try {
    await waitUntil(() => run('xdpyinfo', [], { env }), { what: `the foreign Xvnc on :${display}`, timeoutMs: 30_000, intervalMs: 200 });
  } catch (error) {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const terminal = owned(spawn('/bin/sh', ['-c', `exec ${TEST_XTERM}`], { env, stdio: 'ignore' }));
  return {
    running: server.running,
    async stop() {
      await terminal.stop();
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
