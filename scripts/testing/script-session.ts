// Fixtures for the built-in scripts' integration tests: an engine over a one-off sessions file,
// the listening addresses of a port (from /proc/net), and an RFB handshake through the bridge.
// Each test file reserves its own free displays (electron/core/testing/free-display.ts), so files
// run in parallel and never touch a display another program holds.
import { join } from 'node:path';
import { WebSocket, createWebSocketStream } from 'ws';
import { SessionDeckEngine } from '../../electron/core/engine';
import type { TimingOverrides } from '../../electron/core/registry/session-timers';
import { makeTempDir, writeSessionsFile, type TempDir } from '../../electron/core/testing/fixtures';
import { rfbHandshake, type RfbServerInit } from '../../electron/core/vnc/rfb-client';
import { isLoopbackAddress, listeningAddresses as tcpListeners } from '../../electron/core/vnc/tcp-listeners';
import type { VncTarget } from '../../electron/core/vnc/vnc-target';
import { readVncPasswordFile } from '../../electron/core/vnc/vnc-auth';

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

/** The Unix socket a built-in script's server listens on: rfb.sock in the session's scratch directory. */
export const rfbSocketOf = (fixture: EngineFixture, sessionId: string): VncTarget => ({ kind: 'unix', path: join(fixture.dir.path, 'data', 'sessions', sessionId, 'rfb.sock') });

/** Addresses on which something listens on TCP port `port` (IPv4 and IPv6). */
export const listeningAddresses = async (port: number): Promise<string[]> => (await tcpListeners(port)) ?? [];
export { isLoopbackAddress };

/**
 * Opens the viewer URL like noVNC does and completes the RFB handshake. A viewer is given no password:
 * the bridge authenticates with the server and offers the viewer security None. The bridge must
 * answer with the `binary` subprotocol and no extension (no compression a client did not ask for).
 */
export async function handshakeThroughBridge(url: string): Promise<RfbServerInit> {
  const socket = new WebSocket(url, 'binary');
  // Listening before open: a bridge already signed in sends its banner with the upgrade's answer.
  const stream = createWebSocketStream(socket);
  stream.on('error', () => undefined); // a refused upgrade rejects below
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  try {
    if (socket.protocol !== 'binary' || socket.extensions !== '') {
      throw new Error(`the bridge answered subprotocol "${socket.protocol}" and extensions "${socket.extensions}", expected "binary" and none`);
    }
    return await rfbHandshake(stream, undefined);
  } finally {
    stream.destroy();
  }
}

/** A session's own VNC password, as its server was given it (its 0600 file in the scratch directory). */
export function sessionPassword(fixture: EngineFixture, sessionId: string): Promise<string> {
  return readVncPasswordFile(join(fixture.dir.path, 'data', 'sessions', sessionId, 'passwd'));
}
