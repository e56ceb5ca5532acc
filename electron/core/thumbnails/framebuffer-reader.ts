// Follows the server-to-client RFB stream after ServerInit and keeps a copy of the framebuffer:
// Raw and CopyRect rectangles, DesktopSize changes; bells, colour maps and cut text are skipped.
// Raw pixels are copied from each socket chunk straight into place, so a full update costs one
// copy. A pure parser: bytes in, errors out as exceptions (the connection closes on one).
import type { Framebuffer } from './scale';

export const ENCODING_RAW = 0;
export const ENCODING_COPY_RECT = 1;
export const ENCODING_DESKTOP_SIZE = -223;
/** What the thumbnail client announces, in order of preference. */
export const THUMBNAIL_ENCODINGS = [ENCODING_COPY_RECT, ENCODING_RAW, ENCODING_DESKTOP_SIZE] as const;

const BYTES_PER_PIXEL = 4;
/** Larger than any real desktop (RFB sizes are 16-bit; 16384x16384 x 4 bytes is 1 GiB). */
const MAX_PIXELS = 8192 * 8192;

type State =
  | { at: 'message-type' }
  | { at: 'update-header' }
  | { at: 'rect-header'; left: number }
  | { at: 'raw'; x: number; y: number; w: number; h: number; done: number; left: number }
  | { at: 'copy-source'; x: number; y: number; w: number; h: number; left: number }
  | { at: 'colour-map-header' }
  | { at: 'cut-text-header' }
  | { at: 'skip'; bytes: number };

const HEADER_BYTES: Partial<Record<State['at'], number>> = {
  'message-type': 1,
  'update-header': 3,
  'rect-header': 12,
  'copy-source': 4,
  'colour-map-header': 5,
  'cut-text-header': 7,
};

export class FramebufferReader {
  private state: State = { at: 'message-type' };
  private readonly head = Buffer.alloc(12);
  private headLength = 0;
  private fb: Framebuffer;
  /** Bumped by every complete FramebufferUpdate. */
  updates = 0;

  constructor(width: number, height: number) {
    this.fb = blank(width, height);
  }

  get framebuffer(): Framebuffer {
    return this.fb;
  }

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      if (state.at === 'raw') {
        at += this.copyRaw(state, chunk, at);
        continue;
      }
      if (state.at === 'skip') {
        const n = Math.min(state.bytes, chunk.length - at);
        at += n;
        if (n === state.bytes) this.state = { at: 'message-type' };
        else state.bytes -= n;
        continue;
      }
      const need = HEADER_BYTES[state.at] ?? 1;
      const n = Math.min(need - this.headLength, chunk.length - at);
      chunk.copy(this.head, this.headLength, at, at + n);
      this.headLength += n;
      at += n;
      if (this.headLength < need) continue;
      this.headLength = 0;
      this.onHeader(state, this.head);
    }
  }

  private onHeader(state: State, head: Buffer): void {
    switch (state.at) {
      case 'message-type':
        return this.onMessageType(head[0] ?? 0);
      case 'update-header':
        return this.nextRect(head.readUInt16BE(1));
      case 'rect-header': {
        const [x, y, w, h] = [head.readUInt16BE(0), head.readUInt16BE(2), head.readUInt16BE(4), head.readUInt16BE(6)];
        const encoding = head.readInt32BE(8);
        const left = state.left - 1;
        if (encoding === ENCODING_DESKTOP_SIZE) {
          this.fb = blank(w, h);
          return this.nextRect(left);
        }
        if (x + w > this.fb.width || y + h > this.fb.height) {
          throw new Error(`rectangle ${w}x${h}+${x}+${y} lies outside the ${this.fb.width}x${this.fb.height} desktop`);
        }
        if (encoding === ENCODING_RAW) {
          if (w === 0 || h === 0) return this.nextRect(left);
          this.state = { at: 'raw', x, y, w, h, done: 0, left };
          return;
        }
        if (encoding === ENCODING_COPY_RECT) {
          this.state = { at: 'copy-source', x, y, w, h, left };
          return;
        }
        throw new Error(`the server sent encoding ${encoding}, which was not asked for`);
      }
      case 'copy-source': {
        const sx = head.readUInt16BE(0);
        const sy = head.readUInt16BE(2);
        if (sx + state.w > this.fb.width || sy + state.h > this.fb.height) throw new Error(`CopyRect source ${state.w}x${state.h}+${sx}+${sy} lies outside the desktop`);
        copyRect(this.fb, sx, sy, state);
        return this.nextRect(state.left);
      }
      case 'colour-map-header':
        this.state = { at: 'skip', bytes: head.readUInt16BE(3) * 6 };
        if (this.state.bytes === 0) this.state = { at: 'message-type' };
        return;
      case 'cut-text-header':
        this.state = { at: 'skip', bytes: head.readUInt32BE(3) };
        if (this.state.bytes === 0) this.state = { at: 'message-type' };
        return;
      default:
        return;
    }
  }

  private onMessageType(type: number): void {
    if (type === 0) this.state = { at: 'update-header' };
    else if (type === 1) this.state = { at: 'colour-map-header' };
    else if (type === 2) this.state = { at: 'message-type' }; // Bell
    else if (type === 3) this.state = { at: 'cut-text-header' };
    else throw new Error(`unknown server message type ${type}`);
  }

  private nextRect(left: number): void {
    if (left > 0) {
      this.state = { at: 'rect-header', left };
      return;
    }
    this.updates += 1;
    this.state = { at: 'message-type' };
  }

  /** Copies what the chunk holds of a Raw rectangle into place; returns the bytes used. */
  private copyRaw(state: Extract<State, { at: 'raw' }>, chunk: Buffer, from: number): number {
    const rowBytes = state.w * BYTES_PER_PIXEL;
    const total = rowBytes * state.h;
    const fbRow = this.fb.width * BYTES_PER_PIXEL;
    let at = from;
    while (at < chunk.length && state.done < total) {
      const row = Math.floor(state.done / rowBytes);
      const column = state.done % rowBytes;
      const n = Math.min(rowBytes - column, chunk.length - at);
      const to = (state.y + row) * fbRow + state.x * BYTES_PER_PIXEL + column;
      this.fb.pixels.set(chunk.subarray(at, at + n), to);
      state.done += n;
      at += n;
    }
    if (state.done === total) this.nextRect(state.left);
    return at - from;
  }
}

function blank(width: number, height: number): Framebuffer {
  if (width * height > MAX_PIXELS) throw new Error(`a ${width}x${height} desktop is larger than thumbnails are made for`);
  return { width, height, pixels: new Uint8Array(width * height * BYTES_PER_PIXEL) };
}

function copyRect(fb: Framebuffer, sx: number, sy: number, to: { x: number; y: number; w: number; h: number }): void {
  const rowBytes = to.w * BYTES_PER_PIXEL;
  const fbRow = fb.width * BYTES_PER_PIXEL;
  // Rows in the order that never overwrites a source row before it is copied.
  const down = to.y <= sy;
  for (let i = 0; i < to.h; i += 1) {
    const row = down ? i : to.h - 1 - i;
    const source = (sy + row) * fbRow + sx * BYTES_PER_PIXEL;
    fb.pixels.copyWithin((to.y + row) * fbRow + to.x * BYTES_PER_PIXEL, source, source + rowBytes);
  }
}
