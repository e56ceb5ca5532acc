// A minimal RFB client: enough to tell that a VNC server answers (its banner) and, for tests and
// health checks, to complete the handshake with VncAuth and read the desktop size.
import { type Socket, connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { vncAuthResponse } from './vnc-auth';

export interface RfbServerInit {
  banner: string;
  width: number;
  height: number;
  name: string;
}

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;

/** Reads exact byte counts from a socket, in order, failing on close or timeout. */
export class SocketReader {
  private buffered = Buffer.alloc(0);
  private waiting: { count: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      this.settle();
    });
    const end = (error?: Error) => {
      this.failure ??= error ?? new Error('connection closed by the server');
      this.settle();
    };
    socket.on('error', end);
    socket.on('close', () => end());
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

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
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

/** Connects, reads the 12-byte protocol banner and hangs up. Rejects if it is not RFB. */
export async function readRfbBanner(host: string, port: number, timeoutMs = 3000): Promise<string> {
  const socket = await openSocket(host, port, timeoutMs);
  const reader = new SocketReader(socket);
  return withTimeout(
    reader.read(12).then((bytes) => {
      const banner = bytes.toString('latin1');
      if (!BANNER_PATTERN.test(banner)) throw new Error(`${host}:${port} does not speak RFB (got ${JSON.stringify(banner)})`);
      return banner.trim();
    }),
    timeoutMs,
    `RFB banner from ${host}:${port}`,
    socket,
  );
}

/** Runs the RFB 3.8 handshake over an already-open byte stream (TCP, or a WebSocket stream) and returns the server's init message. */
export async function rfbHandshake(socket: Duplex, password: string | undefined): Promise<RfbServerInit> {
  const reader = new SocketReader(socket);
  const banner = (await reader.read(12)).toString('latin1');
  if (!BANNER_PATTERN.test(banner)) throw new Error(`not an RFB server: ${JSON.stringify(banner)}`);
  socket.write('RFB 003.008\n');
  const typeCount = (await reader.read(1)).readUInt8(0);
  if (typeCount === 0) {
    const length = (await reader.read(4)).readUInt32BE(0);
    throw new Error(`server refused: ${(await reader.read(length)).toString('utf8')}`);
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
    throw new Error(`authentication failed: ${(await reader.read(length)).toString('utf8')}`);
  }
  socket.write(Buffer.from([1])); // ClientInit: shared
  const init = await reader.read(24);
  const name = (await reader.read(init.readUInt32BE(20))).toString('utf8');
  return { banner: banner.trim(), width: init.readUInt16BE(0), height: init.readUInt16BE(2), name };
}

/** Connects to host:port and completes the handshake; used by health checks and tests. */
export async function probeRfbServer(host: string, port: number, password?: string, timeoutMs = 5000): Promise<RfbServerInit> {
  const socket = await openSocket(host, port, timeoutMs);
  return withTimeout(rfbHandshake(socket, password), timeoutMs, `RFB handshake with ${host}:${port}`, socket);
}
