// A script's waits for its server (a port or Unix socket that accepts, a VNC server's banner) and
// the probe it picks free ports with. Apart from session-resources.ts because they are the session's
// look at the network, not something it owns; the re-adopted resources use the probe too.
import { createServer } from 'node:net';
import type { SessionResources } from '../../../scripts/api';
import { waitUntil } from '../util/wait';
import { readRfbBanner } from '../vnc/rfb-client';
import { openVncSocket } from '../vnc/vnc-socket';
import { describeTarget, tcpTarget, unixTarget, type VncTarget } from '../vnc/vnc-target';

export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** waitForPort and waitForRfb take host and port, or a Unix socket's absolute path; then a timeout. */
function waitArgs(first: string, second?: number, third?: number): { target: VncTarget; timeoutMs: number | undefined } {
  if (typeof first === 'string' && first.startsWith('/')) return { target: unixTarget(first), timeoutMs: second };
  return { target: tcpTarget(first, second as number), timeoutMs: third };
}

const accepts = (target: VncTarget): Promise<void> => openVncSocket(target, 2000).then((socket) => void socket.destroy());

export interface ServerWaitsOptions {
  /** Aborted when the session's waits are cancelled (start timeout, stop during start). */
  signal: AbortSignal;
  /** When a script gives no timeout. */
  defaultTimeoutMs: number;
  /** Called when a wait starts (a start step the UI shows). */
  onWaiting: () => void;
}

/** A session's waitForPort and waitForRfb. */
export function serverWaits(options: ServerWaitsOptions): Pick<SessionResources, 'waitForPort' | 'waitForRfb'> {
  const wait = <T>(attempt: () => Promise<T>, what: string, timeoutMs?: number) => {
    options.onWaiting();
    return waitUntil(attempt, { what, timeoutMs: timeoutMs ?? options.defaultTimeoutMs, signal: options.signal });
  };
  return {
    waitForPort: ((first: string, second?: number, third?: number) => {
      const { target, timeoutMs } = waitArgs(first, second, third);
      return wait(() => accepts(target), target.kind !== 'unix' ? `port ${describeTarget(target)}` : `socket ${target.path}`, timeoutMs);
    }) as SessionResources['waitForPort'],
    waitForRfb: ((first: string, second?: number, third?: number) => {
      const { target, timeoutMs } = waitArgs(first, second, third);
      return wait(() => readRfbBanner(target, 2000), `VNC server at ${describeTarget(target)}`, timeoutMs);
    }) as SessionResources['waitForRfb'],
  };
}
