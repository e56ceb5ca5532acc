// A real TigerVNC Xvnc for the desktop benchmark, on a reserved free display, loopback only, with
// VncAuth and a fresh password, and the benchmark's X client (xpaint.c, compiled here with gcc)
// painting into it. Readiness comes from Xvnc's -displayfd and xpaint's "ready" line, not timers.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freeDisplays, reserveDisplay } from '../../electron/core/testing/free-display';
import { randomVncPassword, writeVncPasswordFile } from '../../electron/core/vnc/vnc-auth';

export interface DesktopServer {
  display: number;
  port: number;
  password: string;
  pid: number;
  /** Starts xpaint in the display ("key X Y SIZE" or "animate X Y W H") and resolves once it has painted. */
  paint(args: string[]): Promise<ChildProcess>;
  stop(): Promise<void>;
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

export async function compileXpaint(dir: string): Promise<string> {
  const binary = join(dir, 'xpaint');
  const source = fileURLToPath(new URL('./xpaint.c', import.meta.url));
  await promisify(execFile)('gcc', ['-O2', '-o', binary, source, '-lX11']).catch((error: Error) => {
    throw new Error(`compiling ${source} needs gcc and libx11-dev (scripts/dev/setup-system.sh installs them): ${error.message}`);
  });
  return binary;
}

export async function startDesktop(geometry: string): Promise<DesktopServer> {
  const dir = await mkdtemp(join(tmpdir(), 'deck-bench-desktop-'));
  const xpaint = await compileXpaint(dir);
  const password = randomVncPassword();
  const passwordFile = join(dir, 'passwd');
  await writeVncPasswordFile(passwordFile, password);
  const painters: ChildProcess[] = [];

  for (let attempt = 0; attempt < 5; attempt += 1) {
    const display = await reserveDisplay();
    const port = 5900 + display;
    const child = spawn(
      'Xvnc',
      [`:${display}`, '-rfbport', String(port), '-SecurityTypes', 'VncAuth', '-rfbauth', passwordFile, '-localhost',
        // Each of the benchmark's hundred-odd connections is one TigerVNC may count towards its blacklist.
        '-BlacklistThreshold', '2147483647', '-nolisten', 'tcp', '-geometry', geometry, '-depth', '24', '-displayfd', '3'],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (data: Buffer) => (log += data.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      child.stdio[3]?.on('data', () => resolve(true));
      child.once('exit', () => resolve(false));
    });
    const stop = async (): Promise<void> => {
      for (const painter of painters) painter.kill('SIGTERM');
      await Promise.all(painters.map(exited));
      child.kill('SIGTERM');
      await exited(child);
      freeDisplays(display);
      await rm(dir, { recursive: true, force: true });
    };
    if (!ready) {
      await exited(child);
      freeDisplays(display);
      if (/already active|Cannot establish any listening sockets/.test(log)) continue; // raced for it: next one
      await rm(dir, { recursive: true, force: true });
      throw new Error(`Xvnc :${display} failed to start:\n${log}`);
    }
    const paint = async (args: string[]): Promise<ChildProcess> => {
      const painter = spawn(xpaint, args, { env: { PATH: '/usr/bin:/bin', DISPLAY: `:${display}` }, stdio: ['ignore', 'pipe', 'inherit'] });
      painters.push(painter);
      const started = await new Promise<boolean>((resolve) => {
        painter.stdout?.once('data', () => resolve(true));
        painter.once('exit', () => resolve(false));
      });
      if (!started) throw new Error(`xpaint ${args.join(' ')} exited before painting`);
      return painter;
    };
    return { display, port, password, pid: child.pid ?? 0, paint, stop };
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('Xvnc: no free display after 5 attempts');
}
