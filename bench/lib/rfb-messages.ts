// What the benchmark's RFB client sends, and a streaming parser of what a server sends after
// ServerInit. Only what the client asks for is understood: Raw rectangles in a 32-bit true-colour
// format, LastRect, EndOfContinuousUpdates, Fence, Bell, colour maps and cut text.
import { framebufferUpdateRequest } from '../../electron/core/bridge/testing/rfb-bytes';

export const ENCODING = {
  raw: 0,
  lastRect: -224,
  fence: -312,
  continuousUpdates: -313,
} as const;

const MSG = { update: 0, colourMap: 1, bell: 2, cutText: 3, endOfContinuousUpdates: 150, fence: 248 } as const;
/** Fence flags a client may answer with: BlockBefore, BlockAfter, SyncNext. */
const FENCE_ANSWERABLE = 0x7;
export const FENCE_REQUEST = 0x80000000;

// The client messages the project's RFB byte builders already make (32 bpp, depth 24,
// little-endian, red 16 / green 8 / blue 0: bytes B, G, R, unused), used as they are.
export { enableContinuousUpdates, keyEvent, setEncodings, setPixelFormat } from '../../electron/core/bridge/testing/rfb-bytes';

export const updateRequest = (incremental: boolean, width: number, height: number): Buffer => framebufferUpdateRequest(incremental, 0, 0, width, height);

/** The answer to a server's fence request: the same payload, the flags we honour, no request bit. */
export function fenceReply(flags: number, payload: Buffer): Buffer {
  const b = Buffer.alloc(9 + payload.length);
  b[0] = 248;
  b.writeUInt32BE((flags & FENCE_ANSWERABLE) >>> 0, 4);
  b[8] = payload.length;
  payload.copy(b, 9);
  return b;
}

export interface ServerEvents {
  /** End of one FramebufferUpdate: the probe pixel (0xRRGGBB) if a rectangle covered it, and its size on the wire. */
  update(probe: number | null, rects: number, bytes: number): void;
  fence(flags: number, payload: Buffer): void;
  endOfContinuousUpdates(): void;
}

type State = 'type' | 'update-head' | 'rect-head' | 'raw' | 'colour-map-head' | 'cut-head' | 'fence-head' | 'fence-payload' | 'skip';

const BYTES_PER_PIXEL = 4;
const HEAD_BYTES: Record<string, number> = {
  'update-head': 3,
  'rect-head': 12,
  'colour-map-head': 5,
  'cut-head': 7,
  'fence-head': 8,
};

/** Feed it the server's bytes after ServerInit, in any split; it calls back per message. */
export class ServerMessageParser {
  private state: State = 'type';
  private readonly head = Buffer.alloc(256);
  private headLength = 0;
  private need = 1;
  private rectsLeft = 0;
  private rects = 0;
  private updateBytes = 0;
  private left = 0; // raw or skipped bytes still to come
  private rawDone = 0;
  private probeAt = -1; // byte offset of the probe pixel in the current rectangle
  private readonly probeBytes = Buffer.alloc(BYTES_PER_PIXEL);
  private probe: number | null = null;
  private fenceFlags = 0;

  constructor(
    private readonly events: ServerEvents,
    /** The pixel whose colour each update reports. */
    private readonly probePoint: { x: number; y: number } = { x: 0, y: 0 },
  ) {}

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'raw' || this.state === 'skip') {
        const n = Math.min(this.left, chunk.length - at);
        if (this.state === 'raw') this.raw(chunk, at, n);
        this.updateBytes += this.state === 'raw' ? n : 0;
        this.left -= n;
        at += n;
        if (this.left === 0) this.afterBody();
        continue;
      }
      const n = Math.min(this.need - this.headLength, chunk.length - at);
      chunk.copy(this.head, this.headLength, at, at + n);
      this.headLength += n;
      at += n;
      if (this.headLength === this.need) {
        this.headLength = 0;
        this.onHead();
      }
    }
  }

  private expect(state: State, bytes = HEAD_BYTES[state] ?? 1): void {
    this.state = state;
    this.need = bytes;
  }

  private onHead(): void {
    const h = this.head;
    switch (this.state) {
      case 'type':
        return this.onType(h[0]!);
      case 'update-head':
        this.rectsLeft = h.readUInt16BE(1);
        this.rects = 0;
        this.updateBytes = 4;
        this.probe = null;
        return this.nextRect();
      case 'rect-head': {
        this.updateBytes += 12;
        const [x, y, w, hgt, encoding] = [h.readUInt16BE(0), h.readUInt16BE(2), h.readUInt16BE(4), h.readUInt16BE(6), h.readInt32BE(8)];
        if (encoding === ENCODING.lastRect) return this.endUpdate();
        if (encoding !== ENCODING.raw) throw new Error(`unexpected rectangle encoding ${encoding}`);
        this.rects += 1;
        const { x: px, y: py } = this.probePoint;
        this.probeAt = px >= x && px < x + w && py >= y && py < y + hgt ? ((py - y) * w + (px - x)) * BYTES_PER_PIXEL : -1;
        this.left = w * hgt * BYTES_PER_PIXEL;
        this.rawDone = 0;
        this.state = 'raw';
        if (this.left === 0) this.afterBody();
        return;
      }
      case 'colour-map-head':
        this.left = h.readUInt16BE(3) * 6;
        break;
      case 'cut-head':
        this.left = h.readUInt32BE(3);
        break;
      case 'fence-head':
        this.fenceFlags = h.readUInt32BE(3);
        if (h[7]! > 64) throw new Error(`fence payload of ${h[7]} bytes (at most 64)`);
        if (h[7] === 0) return this.onFence(Buffer.alloc(0));
        return this.expect('fence-payload', h[7]!);
      case 'fence-payload':
        return this.onFence(Buffer.from(h.subarray(0, this.need)));
      default:
        throw new Error(`parser in state ${this.state} got a head`);
    }
    this.state = 'skip';
    if (this.left === 0) this.afterBody();
  }

  private onType(type: number): void {
    if (type === MSG.update) return this.expect('update-head');
    if (type === MSG.colourMap) return this.expect('colour-map-head');
    if (type === MSG.cutText) return this.expect('cut-head');
    if (type === MSG.fence) return this.expect('fence-head');
    if (type === MSG.bell) return this.expect('type');
    if (type === MSG.endOfContinuousUpdates) {
      this.expect('type');
      return this.events.endOfContinuousUpdates();
    }
    throw new Error(`unknown server message type ${type}`);
  }

  private onFence(payload: Buffer): void {
    this.expect('type');
    this.events.fence(this.fenceFlags, payload);
  }

  private raw(chunk: Buffer, at: number, n: number): void {
    if (this.probeAt >= 0) {
      // The probe pixel's bytes may straddle chunks: take those in this one.
      for (let i = 0; i < BYTES_PER_PIXEL; i += 1) {
        const offset = this.probeAt + i - this.rawDone;
        if (offset >= 0 && offset < n) this.probeBytes[i] = chunk[at + offset]!;
      }
      if (this.probeAt + BYTES_PER_PIXEL <= this.rawDone + n) {
        const b = this.probeBytes;
        this.probe = (b[2]! << 16) | (b[1]! << 8) | b[0]!;
      }
    }
    this.rawDone += n;
  }

  private afterBody(): void {
    if (this.state === 'raw') return this.nextRect();
    this.expect('type');
  }

  private nextRect(): void {
    if (this.rectsLeft === 0) return this.endUpdate();
    if (this.rectsLeft !== 0xffff) this.rectsLeft -= 1; // 0xffff: until LastRect
    this.expect('rect-head');
  }

  private endUpdate(): void {
    this.expect('type');
    this.events.update(this.probe, this.rects, this.updateBytes);
  }
}
