// A real TigerVNC Xvnc for tests: a reserved free display, loopback only, no authentication (or
// VncAuth with a given password). Readiness is Xvnc's own -displayfd notification, not a timer.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeDisplays, reserveDisplay } from '../../testing/free-display';
import { writeVncPasswordFile } from '../../vnc/vnc-auth';
import { freePort } from './tcp-servers';

export interface TestXvnc {
  display: number;
  rfbPort: number;
  pid: number;
  /** Whether Xvnc is still running (it aborts on some client messages). */
  running(): boolean;
  /** Stops Xvnc and waits for it to exit. */
  stop(): Promise<void>;
}

export const lockFileOf = (display: number): string => `/tmp/.X${display}-lock`;

export const xvncAvailable = (): boolean => existsSync('/usr/bin/Xvnc');

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** `extraArgs` go to Xvnc after the defaults (e.g. a blacklist setting). */
export async function startXvnc(geometry = '800x600', options: { password?: string; extraArgs?: readonly string[] } = {}): Promise<TestXvnc> {
  const passwordDir = options.password === undefined ? null : await mkdtemp(join(tmpdir(), 'deck-test-xvnc-'));
  const security = passwordDir === null ? ['-SecurityTypes', 'None'] : ['-SecurityTypes', 'VncAuth', '-rfbauth', join(passwordDir, 'passwd')];
  if (passwordDir !== null) await writeVncPasswordFile(join(passwordDir, 'passwd'), options.password ?? '');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const display = await reserveDisplay();
    const rfbPort = await freePort();
    const child = spawn(
      'Xvnc',
      [`:${display}`, '-rfbport', String(rfbPort), ...security, '-localhost', '-nolisten', 'tcp',
        '-geometry', geometry, '-depth', '24', '-displayfd', '3', ...(options.extraArgs ?? [])],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
    );
    let log = '';
    child.stderr?.on('data', (data: Buffer) => (log += data.toString()));
    const ready = await new Promise<boolean>((resolve) => {
      child.stdio[3]?.on('data', () => resolve(true));
      child.once('exit', () => resolve(false));
    });
    const running = () => child.exitCode === null && child.signalCode === null;
    const stop = async () => {
      child.kill('SIGTERM');
      await exited(child);
      freeDisplays(display);
      if (passwordDir !== null) await rm(passwordDir, { recursive: true, force: true });
    };
    if (ready) return { display, rfbPort, pid: child.pid ?? 0, running, stop };
    child.kill('SIGTERM');
    await exited(child);
    freeDisplays(display);
    if (!/already active|Cannot establish any listening sockets/.test(log)) {
      if (passwordDir !== null) await rm(passwordDir, { recursive: true, force: true });
      throw new Error(`Xvnc :${display} failed to start:\n${log}`);
    }
    // Another process took the display or port between our check and Xvnc's bind: try another.
  }
  if (passwordDir !== null) await rm(passwordDir, { recursive: true, force: true });
  throw new Error('Xvnc: no free display/port after 5 attempts');
}

/** The X pointer position, read with xdotool (env: e.g. the XAUTHORITY of a session's display). */
export async function pointerPosition(display: number, env: Record<string, string> = {}): Promise<{ x: number; y: number }> {
  const child = spawn('xdotool', ['getmouselocation'], { env: { PATH: '/usr/bin:/bin', DISPLAY: `:${display}`, ...env } });
  let out = '';
  child.stdout.on('data', (data: Buffer) => (out += data.toString()));
  await new Promise((resolve) => child.once('close', resolve)); // 'close': stdout fully read
  const match = /x:(\d+) y:(\d+)/.exec(out);
  if (!match) throw new Error(`xdotool getmouselocation: unexpected output ${JSON.stringify(out)}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}
