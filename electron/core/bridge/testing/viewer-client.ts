// A real `ws` client acting as a viewer, with helpers that wait on events (never on timers).
import { WebSocket, type ClientOptions } from 'ws';

export interface ViewerConnectOptions {
  origin?: string;
  protocols?: string[];
  /** Extra ws client options (e.g. perMessageDeflate to test negotiation). */
  client?: ClientOptions;
}

const earlyMessages = new WeakMap<WebSocket, { held: Buffer[]; collect: (data: Buffer) => void }>();

/** Opens a viewer; resolves once open, rejects with the HTTP status if the upgrade is refused. */
export function connectViewer(url: string, options: ViewerConnectOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, options.protocols ?? ['binary'], {
    perMessageDeflate: false,
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    ...options.client,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      // What arrives with the upgrade's answer (a bridge already signed in greets at once) comes
      // before the caller, resumed by this promise, can listen: a ByteReader made then gets it.
      const held: Buffer[] = [];
      const collect = (data: Buffer) => held.push(data);
      ws.on('message', collect);
      earlyMessages.set(ws, { held, collect });
      setImmediate(() => {
        ws.off('message', collect);
        earlyMessages.delete(ws);
      });
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      reject(new UpgradeRefused(res.statusCode ?? 0));
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The HTTP status of a refused upgrade; fails the test if the upgrade succeeds. */
export async function refusedStatus(url: string, options: ViewerConnectOptions = {}): Promise<number> {
  try {
    const ws = await connectViewer(url, options);
    ws.terminate();
  } catch (error) {
    if (error instanceof UpgradeRefused) return error.status;
    throw error;
  }
  throw new Error(`expected ${url} to be refused, but it opened`);
}

/** Collects binary messages; `read(n)` resolves with exactly the next n bytes. */
export class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiter: { n: number; resolve: (bytes: Buffer) => void; reject: (error: Error) => void } | null = null;
  private closedWith: string | null = null;
  total = 0;

  constructor(ws: WebSocket) {
    const early = earlyMessages.get(ws);
    if (early) {
      ws.off('message', early.collect);
      earlyMessages.delete(ws);
    }
    const take = (data: Buffer) => {
      this.chunks.push(data);
      this.buffered += data.length;
      this.total += data.length;
      this.wake();
    };
    for (const data of early?.held ?? []) take(data);
    ws.on('message', take);
    ws.on('close', (code, reason) => {
      this.closedWith = `connection closed (${code} ${reason.toString()})`;
      this.wake();
    });
  }

  /** The next n bytes; rejects if the connection closes before they arrive. */
  read(n: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
      this.wake();
    });
  }

  /** Everything received so far and not yet read. */
  drain(): Buffer {
    const all = Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return all;
  }

  private wake(): void {
    if (!this.waiter) return;
    if (this.buffered < this.waiter.n) {
      if (this.closedWith !== null) {
        const { reject } = this.waiter;
        this.waiter = null;
        reject(new Error(this.closedWith));
      }
      return;
    }
    const all = Buffer.concat(this.chunks);
    const { n, resolve } = this.waiter;
    this.waiter = null;
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.buffered = all.length - n;
    resolve(all.subarray(0, n));
  }
}

export interface CloseInfo {
  code: number;
  reason: string;
}

export function closeOf(ws: WebSocket): Promise<CloseInfo> {
  if (ws.readyState === WebSocket.CLOSED) throw new Error('closeOf() called after the close event');
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}
