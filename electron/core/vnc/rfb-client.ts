// A minimal RFB client: enough to tell that a VNC server answers (its banner) and, for tests and
// health checks, to complete the handshake with VncAuth and read the desktop size.
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { vncAuthResponse } from './vnc-auth';
import { openVncSocket } from './vnc-socket';
import { describeTarget, tcpTarget, type VncTarget } from './vnc-target';

export interface RfbServerInit {
  banner: string;
  width: number;
  height: number;
  name: string;
}

/** The server answered but would not let us in (a wrong password, too many failures): retrying will not help. */
export class RfbRefusedError extends Error {}

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;

/** Reads exact byte counts from a socket, in order, failing on close or timeout. */
export class SocketReader {
  private buffered = Buffer.alloc(0);
  private waiting: { count: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  private readonly onData = (chunk: Buffer): void => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.settle();
  };

  constructor(readonly socket: Duplex) {
    socket.on('data', this.onData);
    const end = (error?: Error) => {
      this.failure ??= error ?? new Error('connection closed by the server');
      this.settle();
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  /** Stops reading (another parser takes the socket over) and gives back what was read past the last read(). */
  release(): Buffer {
    this.socket.off('data', this.onData);
    const rest = this.buffered;
    this.buffered = Buffer.alloc(0);
    return rest;
  }

  read(count: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting = { count, resolve, reject };
      this.settle();
    });
  }

  private settle(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    if (this.buffered.length >= waiting.count) {
      this.waiting = undefined;
      const out = this.buffered.subarray(0, waiting.count);
      this.buffered = this.buffered.subarray(waiting.count);
      waiting.resolve(out);
    } else if (this.failure) {
      this.waiting = undefined;
      waiting.reject(this.failure);
    }
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string, socket: Socket): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

const BANNER_PATTERN = /^RFB \d{3}\.\d{3}\n$/;

/**
 * Connects, reads the 12-byte protocol banner and hangs up. Rejects if it is not RFB. TigerVNC
 * counts such a connection towards its blacklist until a viewer authenticates: never use it
 * repeatedly on a TCP server (see vnc-liveness.ts).
 */
export async function readRfbBanner(target: VncTarget, timeoutMs = 3000): Promise<string> {
  const socket = await openVncSocket(target, timeoutMs);
  const reader = new SocketReader(socket);
  const where = describeTarget(target);
  return withTimeout(
    reader.read(12).then((bytes) => {
      const banner = bytes.toString('latin1');
      if (!BANNER_PATTERN.test(banner)) throw new Error(`${where} does not speak RFB (got ${JSON.stringify(banner)})`);
      return banner.trim();
    }),
    timeoutMs,
    `RFB banner from ${where}`,
    socket,
  );
}

/** Runs the RFB 3.8 handshake over an already-open byte stream (TCP, or a WebSocket stream) and returns the server's init message. */
export async function rfbHandshake(socket: Duplex, password: string | undefined, reader = new SocketReader(socket)): Promise<RfbServerInit> {
  const banner = (await reader.read(12)).toString('latin1');
  if (!BANNER_PATTERN.test(banner)) throw new Error(`not an RFB server: ${JSON.stringify(banner)}`);
  socket.write('RFB 003.008\n');
  const typeCount = (await reader.read(1)).readUInt8(0);
  if (typeCount === 0) {
    const length = (await reader.read(4)).readUInt32BE(0);
    throw new RfbRefusedError(`server refused: ${(await reader.read(length)).toString('utf8')}`);
  }
  const types = [...(await reader.read(typeCount))];
  if (password !== undefined && types.includes(SECURITY_VNC_AUTH)) {
    socket.write(Buffer.from([SECURITY_VNC_AUTH]));
    const challenge = await reader.read(16);
    socket.write(vncAuthResponse(password, challenge));
  } else if (types.includes(SECURITY_NONE)) {
    socket.write(Buffer.from([SECURITY_NONE]));
  } else {
    throw new Error(`no supported security type among [${types.join(', ')}]`);
  }
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) {
    const length = (await reader.read(4)).readUInt32BE(0);
    throw new RfbRefusedError(`authentication failed: ${(await reader.read(length)).toString('utf8')}`);
  }
  socket.write(Buffer.from([1])); // ClientInit: shared
  const init = await reader.read(24);
  const name = (await reader.read(init.readUInt32BE(20))).toString('utf8');
  return { banner: banner.trim(), width: init.readUInt16BE(0), height: init.readUInt16BE(2), name };
}

/** Connects to the target (or host:port) and completes the handshake; used by health checks and tests. */
export function probeRfbServer(host: string, port: number, password?: string, timeoutMs?: number): Promise<RfbServerInit>;
export function probeRfbServer(target: VncTarget, password?: string, timeoutMs?: number): Promise<RfbServerInit>;
export async function probeRfbServer(...args: [string, number, string?, number?] | [VncTarget, string?, number?]): Promise<RfbServerInit> {
  const [target, password, timeoutMs = 5000]: [VncTarget, string?, number?] =
    typeof args[0] === 'string' ? [tcpTarget(args[0], args[1] as number), args[2] as string | undefined, args[3] as number | undefined] : (args as [VncTarget, string?, number?]);
  const socket = await openVncSocket(target, timeoutMs);
  return withTimeout(rfbHandshake(socket, password), timeoutMs, `RFB handshake with ${describeTarget(target)}`, socket);
}
