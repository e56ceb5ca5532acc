// Fixtures for the built-in scripts' integration tests: an engine over a one-off sessions file,
// the listening addresses of a port (from /proc/net), and an RFB handshake through the bridge.
// Each test file reserves its own free displays (electron/core/testing/free-display.ts), so files
// run in parallel and never touch a display another program holds.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket, createWebSocketStream } from 'ws';
import { SessionDeckEngine } from '../../electron/core/engine';
import type { TimingOverrides } from '../../electron/core/registry/session-timers';
import { makeTempDir, writeSessionsFile, type TempDir } from '../../electron/core/testing/fixtures';
import { rfbHandshake, type RfbServerInit } from '../../electron/core/vnc/rfb-client';

export interface EngineFixture {
  dir: TempDir;
  engine: SessionDeckEngine;
  close(): Promise<void>;
}

export async function startEngine(
  prefix: string,
  types: unknown,
  options: { env?: NodeJS.ProcessEnv; timing?: TimingOverrides; prepare?: (dir: string) => Promise<void> } = {},
): Promise<EngineFixture> {
  const dir = await makeTempDir(prefix);
  await options.prepare?.(dir.path); // files the sessions file names, before the engine checks it
  const sessionsFile = await writeSessionsFile(dir.path, types);
  const engine = new SessionDeckEngine({
    sessionsFile,
    dataDir: join(dir.path, 'data'),
    user: 'tester',
    env: options.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    userGroups: [],
    allowedOrigins: [],
    allowMissingOrigin: true,
    timing: { startTimeoutMs: 20_000, ...options.timing },
    stopGraceMs: 2_000,
  });
  await engine.start();
  return {
    dir,
    engine,
    async close() {
      await engine.close();
      await dir.remove();
    },
  };
}

const TCP_LISTEN = '0A';

/** "a.b.c.d" or "::1"-style text of a /proc/net/tcp{,6} address (little-endian 32-bit words). */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  const head = groups.slice(0, 7).join(':');
  if (head === '0:0:0:0:0:0:0') return groups[7] === '0' ? '::' : `::${groups[7]}`;
  if (head.startsWith('0:0:0:0:0:ffff')) return `::ffff:${bytes.slice(12).join('.')}`;
  return groups.join(':');
}

/** Addresses on which something listens on TCP port `port` (IPv4 and IPv6). */
export async function listeningAddresses(port: number): Promise<string[]> {
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== TCP_LISTEN) continue;
      const [address = '', portHex = ''] = local.split(':');
      if (parseInt(portHex, 16) === port) found.push(decodeAddress(address));
    }
  }
  return found;
}

export const isLoopbackAddress = (address: string): boolean =>
  address.startsWith('127.') || address.startsWith('::ffff:127.') || address === '::1';

/** Opens the viewer URL like noVNC does and completes the RFB handshake with the password. */
export async function handshakeThroughBridge(url: string, password: string): Promise<RfbServerInit> {
  const socket = new WebSocket(url, 'binary');
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const stream = createWebSocketStream(socket);
  try {
    return await rfbHandshake(stream, password);
  } finally {
    stream.destroy();
  }
}
