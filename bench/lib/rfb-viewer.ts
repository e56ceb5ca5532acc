// The benchmark's headless RFB viewer over any byte-stream Connection (raw TCP or a WebSocket):
// the RFB 3.8 handshake with security None or VncAuth (whichever the other end offers: the bridge
// may answer the server's VncAuth itself and offer None), Raw pixels, then ContinuousUpdates where
// the server offers them, else one FramebufferUpdateRequest sent as soon as each update has arrived.
import { vncAuthResponse } from '../../electron/core/vnc/vnc-auth';
import type { Connection } from './paths';
import * as rfb from './rfb-messages';

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;

/** Reads exact byte counts from a Connection during the handshake. */
class HandshakeReader {
  private buffered = Buffer.alloc(0);
  private waiting: { count: number; resolve: (b: Buffer) => void } | null = null;

  constructor(connection: Connection) {
    connection.onData((data) => {
      this.buffered = Buffer.concat([this.buffered, data]);
      this.settle();
    });
  }

  read(count: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting = { count, resolve };
      this.settle();
    });
  }

  /** What arrived past the handshake. */
  rest(): Buffer {
    return this.buffered;
  }

  private settle(): void {
    if (!this.waiting || this.buffered.length < this.waiting.count) return;
    const { count, resolve } = this.waiting;
    this.waiting = null;
    const out = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    resolve(out);
  }
}

export interface ViewerUpdate {
  probe: number | null;
  rects: number;
  bytes: number;
  /** process.hrtime.bigint() when the whole update had been parsed. */
  at: bigint;
}

export interface RfbViewer {
  width: number;
  height: number;
  /** The security type the other end offered and we used (1 None, 2 VncAuth). */
  security: number;
  continuous: boolean;
  /** Colour of the probe pixel in the latest update that covered it. */
  probe: number | null;
  onUpdate(handler: (update: ViewerUpdate) => void): void;
  key(keysym: number): void;
  close(): Promise<void>;
}

async function handshake(reader: HandshakeReader, connection: Connection, password: string): Promise<{ width: number; height: number; security: number }> {
  const banner = (await reader.read(12)).toString('latin1');
  if (!/^RFB 003\.00[3-8]\n$/.test(banner)) throw new Error(`not an RFB 3.x server: ${JSON.stringify(banner)}`);
  connection.write(Buffer.from('RFB 003.008\n', 'latin1'));
  const count = (await reader.read(1))[0]!;
  if (count === 0) {
    const length = (await reader.read(4)).readUInt32BE(0);
    throw new Error(`server refused: ${(await reader.read(length)).toString('utf8')}`);
  }
  const types = [...(await reader.read(count))];
  const security = types.includes(SECURITY_NONE) ? SECURITY_NONE : types.includes(SECURITY_VNC_AUTH) ? SECURITY_VNC_AUTH : 0;
  if (security === 0) throw new Error(`no supported security type among [${types.join(', ')}]`);
  connection.write(Buffer.from([security]));
  if (security === SECURITY_VNC_AUTH) connection.write(vncAuthResponse(password, await reader.read(16)));
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) {
    const length = (await reader.read(4)).readUInt32BE(0);
    throw new Error(`authentication failed: ${(await reader.read(length)).toString('utf8')}`);
  }
  connection.write(Buffer.from([1])); // ClientInit: shared
  const init = await reader.read(24);
  await reader.read(init.readUInt32BE(20)); // desktop name
  return { width: init.readUInt16BE(0), height: init.readUInt16BE(2), security };
}

/**
 * Handshakes, asks for the whole screen once and resolves after that first update. `continuous`:
 * use ContinuousUpdates when the server offers them (false: pipelined requests only).
 */
export async function startViewer(connection: Connection, password: string, probePoint: { x: number; y: number }, continuous = true): Promise<RfbViewer> {
  const reader = new HandshakeReader(connection);
  let handshakeTimer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    handshakeTimer = setTimeout(() => reject(new Error('RFB handshake not done within 10 s')), 10_000);
  });
  const { width, height, security } = await Promise.race([handshake(reader, connection, password), stalled]).finally(() => clearTimeout(handshakeTimer));
  let handler: (update: ViewerUpdate) => void = () => {};
  let offered = false;
  let first: (() => void) | null = null;
  const viewer: RfbViewer = {
    width,
    height,
    security,
    continuous: false,
    probe: null,
    onUpdate: (next) => (handler = next),
    key: (keysym) => connection.write(Buffer.concat([rfb.keyEvent(true, keysym), rfb.keyEvent(false, keysym)])),
    close: async () => {
      connection.close();
      await connection.ended;
    },
  };
  const parser = new rfb.ServerMessageParser(
    {
      update: (probe, rects, bytes) => {
        const at = process.hrtime.bigint();
        if (probe !== null) viewer.probe = probe;
        if (!viewer.continuous) connection.write(rfb.updateRequest(true, width, height));
        if (first) return void (first(), (first = null));
        handler({ probe, rects, bytes, at });
      },
      fence: (flags, payload) => {
        if (flags & rfb.FENCE_REQUEST) connection.write(rfb.fenceReply(flags, payload));
      },
      endOfContinuousUpdates: () => (offered = true),
    },
    probePoint,
  );
  const firstUpdate = new Promise<void>((resolve) => (first = resolve));
  connection.onData((data) => parser.feed(data));
  const encodings = [rfb.ENCODING.raw, rfb.ENCODING.lastRect, ...(continuous ? [rfb.ENCODING.continuousUpdates, rfb.ENCODING.fence] : [])];
  connection.write(Buffer.concat([rfb.setPixelFormat(), rfb.setEncodings(encodings), rfb.updateRequest(false, width, height)]));
  if (reader.rest().length > 0) parser.feed(reader.rest());
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no first update within 10 s')), 10_000);
  });
  await Promise.race([firstUpdate, late]).finally(() => clearTimeout(timer));
  // The server answers SetEncodings before the update request, so by now it has said whether it offers them.
  if (continuous && offered) {
    viewer.continuous = true;
    connection.write(rfb.enableContinuousUpdates(width, height));
  }
  return viewer;
}
