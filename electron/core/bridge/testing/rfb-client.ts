// A minimal RFB 3.8 client over the bridge (security None, Raw encoding only): just enough to send
// input, to read frames and desktop size changes, and to know when the server has processed
// everything sent before.
import type { WebSocket } from 'ws';
import * as rfb from './rfb-bytes';
import { ByteReader } from './viewer-client';

export interface ServerInit {
  width: number;
  height: number;
  bytesPerPixel: number;
  name: string;
}

export class RfbClient {
  private readonly reader: ByteReader;
  serverInit: ServerInit | null = null;

  constructor(readonly ws: WebSocket) {
    this.reader = new ByteReader(ws);
  }

  /** Version 3.8, security None, ClientInit with the given shared flag, then ServerInit. */
  async handshake(shared = true): Promise<ServerInit> {
    const version = (await this.reader.read(12)).toString('latin1');
    if (!version.startsWith('RFB 003.')) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
    this.ws.send(rfb.rfbVersion(8));
    const count = (await this.reader.read(1))[0] ?? 0;
    const types = [...(await this.reader.read(count))];
    if (!types.includes(1)) throw new Error(`server does not offer security None: ${types.join(',')}`);
    this.ws.send(Buffer.from([1]));
    const result = (await this.reader.read(4)).readUInt32BE(0);
    if (result !== 0) throw new Error(`security result ${result}`);
    this.ws.send(Buffer.from([shared ? 1 : 0]));
    const init = await this.reader.read(24);
    const name = await this.reader.read(init.readUInt32BE(20));
    this.serverInit = {
      width: init.readUInt16BE(0),
      height: init.readUInt16BE(2),
      bytesPerPixel: (init[4] ?? 32) / 8,
      name: name.toString('utf8'),
    };
    return this.serverInit;
  }

  send(message: Buffer): void {
    this.ws.send(message);
  }

  /**
   * Asks for a non-incremental update of one pixel and waits for it. The server handles messages in
   * order, so once the update arrives every message sent before it has been processed.
   */
  async sync(): Promise<void> {
    this.ws.send(rfb.framebufferUpdateRequest(false, 0, 0, 1, 1));
    await this.nextUpdate();
  }

  /** Asks for the whole framebuffer and reads it: the bytes of pixel data received (Raw encoding). */
  async frame(): Promise<number> {
    const { width = 0, height = 0 } = this.serverInit ?? {};
    this.ws.send(rfb.framebufferUpdateRequest(false, 0, 0, width, height));
    return this.nextUpdate();
  }

  /**
   * Reads server messages up to the end of the next FramebufferUpdate; returns its pixel bytes. A
   * desktop size change (DesktopSize -223, ExtendedDesktopSize -308) updates serverInit's size.
   */
  async nextUpdate(): Promise<number> {
    for (;;) {
      const type = (await this.reader.read(1))[0];
      switch (type) {
        case 0: {
          const header = await this.reader.read(3);
          const rects = header.readUInt16BE(1);
          let bytes = 0;
          for (let i = 0; i < rects; i += 1) {
            const rect = await this.reader.read(12);
            const [w, h, encoding] = [rect.readUInt16BE(4), rect.readUInt16BE(6), rect.readInt32BE(8)];
            if (encoding === -308 || encoding === -223) {
              if (encoding === -308) {
                const screens = (await this.reader.read(4))[0] ?? 0;
                await this.reader.read(16 * screens);
              }
              // x/y of -308 are the reason and the status; a refused change keeps the size.
              if (encoding === -223 || rect.readUInt16BE(2) === 0) this.serverInit = { ...(this.serverInit as ServerInit), width: w, height: h };
              continue;
            }
            if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
            const pixels = w * h * (this.serverInit?.bytesPerPixel ?? 4);
            if (pixels > 0) await this.reader.read(pixels);
            bytes += pixels;
          }
          return bytes;
        }
        case 2: // Bell
          break;
        case 3: {
          // ServerCutText
          const header = await this.reader.read(7);
          const length = Math.abs(header.readInt32BE(3));
          if (length > 0) await this.reader.read(length);
          break;
        }
        default:
          throw new Error(`unexpected server message ${type}`);
      }
    }
  }
}
