// One session's thumbnail feed: a VNC connection of its own, signed in as the bridge signs in (the
// session's VNC password, never shown to anyone), shared (no other viewer is disconnected), asking
// for at most one incremental update per interval. It is not a bridge viewer, so it never counts
// for the viewer and inactivity rules; and the picture is only scaled and encoded when asked for
// and changed since.
import type { Socket } from 'node:net';
import { framebufferUpdateRequest, setEncodings, setPixelFormat } from '../vnc/rfb-client-messages';
import { RfbRefusedError, rfbHandshake, SocketReader } from '../vnc/rfb-client';
import { openVncSocket } from '../vnc/vnc-socket';
import type { VncTarget } from '../vnc/vnc-target';
import { FramebufferReader, THUMBNAIL_ENCODINGS } from './framebuffer-reader';
import { encodePng } from './png';
import { scaleToRgb, thumbnailSize } from './scale';

export interface Thumbnail {
  png: Buffer;
  width: number;
  height: number;
  /** Epoch milliseconds of the update the picture shows. */
  takenAt: number;
}

export interface ThumbnailConnectionOptions {
  target: VncTarget;
  password: string;
  intervalMs: number;
  width: number;
  connectTimeoutMs: number;
  /** Called once when the connection ends; `final` when retrying will not help (refused). */
  onClosed(reason: string, final: boolean): void;
}

export class ThumbnailConnection {
  private socket: Socket | null = null;
  private reader: FramebufferReader | null = null;
  private timer: NodeJS.Timeout | null = null;
  private requested = false;
  /** The size the last request covered: after a resize the next one asks for the whole desktop again. */
  private requestedSize = '';
  private seenUpdates = 0;
  private updatedAt = 0;
  private encoded: { updates: number; thumbnail: Thumbnail } | null = null;
  private closed = false;

  constructor(private readonly options: ThumbnailConnectionOptions) {
    void this.open();
  }

  /** The latest picture, encoded now if the desktop changed since the last one; null before the first update. */
  thumbnail(): Thumbnail | null {
    const reader = this.reader;
    if (!reader || reader.updates === 0) return this.encoded?.thumbnail ?? null;
    if (this.encoded?.updates === reader.updates) return this.encoded.thumbnail;
    const fb = reader.framebuffer;
    const size = thumbnailSize(fb, this.options.width);
    const png = encodePng(size.width, size.height, scaleToRgb(fb, size.width, size.height));
    this.encoded = { updates: reader.updates, thumbnail: { png, ...size, takenAt: this.updatedAt } };
    return this.encoded.thumbnail;
  }

  close(): void {
    this.finish('stopped', true);
  }

  private async open(): Promise<void> {
    const { target, password, connectTimeoutMs } = this.options;
    let socket: Socket;
    try {
      socket = await openVncSocket(target, connectTimeoutMs);
    } catch (error) {
      this.finish(`cannot connect: ${(error as Error).message}`, false);
      return;
    }
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('error', () => undefined); // 'close' follows and says the connection is gone
    socket.once('close', () => this.finish('the VNC server closed the connection', false));
    const handshakeTimer = setTimeout(() => socket.destroy(new Error('handshake timeout')), connectTimeoutMs);
    const lineReader = new SocketReader(socket);
    let init;
    try {
      init = await rfbHandshake(socket, password, lineReader);
    } catch (error) {
      this.finish(`sign-in failed: ${(error as Error).message}`, error instanceof RfbRefusedError);
      return;
    } finally {
      clearTimeout(handshakeTimer);
    }
    if (this.closed) return;
    const reader = new FramebufferReader(init.width, init.height);
    this.reader = reader;
    const feed = (chunk: Buffer) => {
      try {
        reader.feed(chunk);
      } catch (error) {
        this.finish(`unexpected data from the VNC server: ${(error as Error).message}`, true);
        return;
      }
      if (reader.updates !== this.seenUpdates) {
        this.seenUpdates = reader.updates;
        this.updatedAt = Date.now();
        this.requested = false;
      }
    };
    const rest = lineReader.release();
    socket.on('data', feed);
    socket.write(Buffer.concat([setPixelFormat(), setEncodings(THUMBNAIL_ENCODINGS), framebufferUpdateRequest(false, 0, 0, init.width, init.height)]));
    this.requested = true;
    this.requestedSize = `${init.width}x${init.height}`;
    if (rest.length > 0) feed(rest);
    this.timer = setInterval(() => this.requestUpdate(), this.options.intervalMs);
    this.timer.unref();
  }

  /** One incremental request at a time: the server answers it when something changed. */
  private requestUpdate(): void {
    const { socket, reader } = this;
    if (this.requested || !socket || !reader || socket.destroyed) return;
    const { width, height } = reader.framebuffer;
    const size = `${width}x${height}`;
    this.requested = true;
    socket.write(framebufferUpdateRequest(size === this.requestedSize, 0, 0, width, height));
    this.requestedSize = size;
  }

  private finish(reason: string, final: boolean): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.socket?.destroy();
    this.options.onClosed(reason, final);
  }
}
