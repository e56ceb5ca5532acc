// A real TigerVNC Xvnc for the desktop benchmark (the tests' startXvnc: a reserved free display,
// loopback only) with VncAuth, a fresh password and no blacklist, and the benchmark's X client
// (xpaint.c, compiled here with gcc) painting into it. Readiness comes from Xvnc's -displayfd and
// xpaint's "ready" line, not timers.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startXvnc, type TestXvnc } from '../../electron/core/bridge/testing/xvnc';
import { randomVncPassword } from '../../electron/core/vnc/vnc-auth';
import { TIGERVNC_NO_BLACKLIST } from '../../scripts/lib/rfb-socket';

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
  const password = randomVncPassword();
  let xvnc: TestXvnc;
  let xpaint: string;
  try {
    xpaint = await compileXpaint(dir);
    // Each of the benchmark's hundred-odd connections is one TigerVNC may count towards its blacklist.
    xvnc = await startXvnc(geometry, { password, extraArgs: TIGERVNC_NO_BLACKLIST });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const { display } = xvnc;
  const painters: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    for (const painter of painters) painter.kill('SIGTERM');
    await Promise.all(painters.map(exited));
    await xvnc.stop();
    await rm(dir, { recursive: true, force: true });
  };
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
  return { display, port: xvnc.rfbPort, password, pid: xvnc.pid, paint, stop };
}
