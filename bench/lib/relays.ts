// The relay processes the benchmarks compare: Session Deck's bridge (bridge-server.ts, its own
// process), Debian's websockify and socat, each listening on loopback in front of a TCP target.
// Every child is recorded in `children` so that the benchmark can end them all.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../electron/core/bridge/testing/tcp-servers';

export const children: ChildProcess[] = [];

export function stopChildren(): void {
  // Forked ones leave on disconnect, so that they exit normally (and write a CPU profile if asked).
  for (const child of children) {
    if (child.exitCode !== null) continue;
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  }
}

// Stopped from outside (Ctrl+C, timeout): end the relays too; `cleanup` stops what else was started.
export function stopOnSignals(cleanup: () => Promise<void> = async () => {}): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopChildren();
      void cleanup().finally(() => process.exit(130));
    });
  }
}

// BENCH_CPU_PROF=DIR: the forked processes (the bridge) write V8 CPU profiles there when they exit.
const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : [];

export function forkTs(file: string, args: string[] = []): ChildProcess {
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), args, { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

export async function firstMessage<T>(child: ChildProcess): Promise<T> {
  const [message] = (await once(child, 'message')) as [T];
  return message;
}

/** websockify and socat print nothing machine-readable when ready: try to connect until one is accepted. */
export async function untilListening(port: number): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => (socket.destroy(), resolve(true)));
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`nothing listens on ${port}`);
}

export interface BridgeProcess {
  pid: number;
  /** `count` single-use ticket URLs for the target port. */
  tickets(port: number, count: number, auth?: { security: 'bridge' | 'viewer'; password?: string }): Promise<string[]>;
}

export async function startBridgeProcess(): Promise<BridgeProcess> {
  const bridge = forkTs('./bridge-server.ts');
  await firstMessage<{ ready: number }>(bridge);
  let nextId = 1;
  return {
    pid: bridge.pid ?? 0,
    tickets: (port, count, auth = { security: 'viewer' }) => {
      const id = nextId++;
      const reply = new Promise<string[]>((resolve) => {
        const onMessage = (message: { id: number; urls: string[] }) => {
          if (message.id !== id) return;
          bridge.off('message', onMessage);
          resolve(message.urls);
        };
        bridge.on('message', onMessage);
      });
      bridge.send({ id, port, count, ...auth });
      return reply;
    },
  };
}

async function listening(command: string, args: (port: number) => string[]): Promise<{ pid: number; port: number }> {
  const port = await freePort();
  const child = spawn(command, args(port), { stdio: 'ignore' });
  children.push(child);
  await untilListening(port);
  return { pid: child.pid ?? 0, port };
}

/** Debian's websockify (a forked process per connection). */
export const startWebsockify = (targetPort: number) => listening('websockify', (port) => [`127.0.0.1:${port}`, `127.0.0.1:${targetPort}`]);

/**
 * socat: a native TCP relay, a process per connection, TCP_NODELAY both ways, 128 KiB reads (its
 * default is 8 KiB). Measured for single streams and round trips only: with 50 connections at once
 * its fork per connection and listen backlog of 5 make it time out or reset connections.
 */
export const startSocat = (targetPort: number) =>
  listening('socat', (port) => ['-b', '131072', `TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,nodelay`, `TCP:127.0.0.1:${targetPort},nodelay`]);
