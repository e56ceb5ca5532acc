import { describe, expect, it } from 'vitest';
import { ENCODING_COPY_RECT, ENCODING_DESKTOP_SIZE, ENCODING_RAW, FramebufferReader } from './framebuffer-reader';

const u16 = (n: number) => Buffer.from([n >> 8, n & 0xff]);
const s32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const update = (...rects: Buffer[]) => Buffer.concat([Buffer.from([0, 0]), u16(rects.length), ...rects]);
const rect = (x: number, y: number, w: number, h: number, encoding: number, body = Buffer.alloc(0)) =>
  Buffer.concat([u16(x), u16(y), u16(w), u16(h), s32(encoding), body]);
/** Raw pixels, each B, G, R, 0 with the same byte value v for the whole rectangle. */
const raw = (w: number, h: number, value: (i: number) => number) => {
  const b = Buffer.alloc(w * h * 4);
  for (let i = 0; i < w * h; i += 1) b.set([value(i), value(i), value(i), 0], i * 4);
  return b;
};
const pixel = (reader: FramebufferReader, x: number, y: number) => reader.framebuffer.pixels[(y * reader.framebuffer.width + x) * 4];

/** The messages of a short session: a bell, cut text, a colour map, a raw update, a CopyRect, a resize. */
const STREAM = Buffer.concat([
  Buffer.from([2]),
  Buffer.concat([Buffer.from([3, 0, 0, 0]), s32(5), Buffer.from('hello')]),
  Buffer.concat([Buffer.from([1, 0]), u16(0), u16(2), Buffer.alloc(12)]),
  update(rect(1, 1, 3, 2, ENCODING_RAW, raw(3, 2, (i) => 10 + i))),
  update(rect(5, 0, 3, 2, ENCODING_COPY_RECT, Buffer.concat([u16(1), u16(1)]))),
]);

describe('FramebufferReader', () => {
  it('follows raw rectangles, CopyRect, bells, cut text and colour maps however the stream is cut', () => {
    for (let cut = 0; cut <= STREAM.length; cut += 1) {
      const reader = new FramebufferReader(8, 4);
      reader.feed(STREAM.subarray(0, cut));
      reader.feed(STREAM.subarray(cut));
      expect(reader.updates, `cut at ${cut}`).toBe(2);
      expect([pixel(reader, 1, 1), pixel(reader, 3, 1), pixel(reader, 1, 2), pixel(reader, 3, 2)]).toEqual([10, 12, 13, 15]);
      expect([pixel(reader, 5, 0), pixel(reader, 7, 1), pixel(reader, 0, 0)]).toEqual([10, 15, 0]);
    }
  });

  it('takes a new desktop size from the DesktopSize pseudo-rectangle', () => {
    const reader = new FramebufferReader(8, 4);
    reader.feed(update(rect(0, 0, 16, 10, ENCODING_DESKTOP_SIZE), rect(15, 9, 1, 1, ENCODING_RAW, raw(1, 1, () => 99))));
    expect(reader.framebuffer).toMatchObject({ width: 16, height: 10 });
    expect(pixel(reader, 15, 9)).toBe(99);
  });

  it('refuses rectangles outside the desktop and encodings it did not ask for', () => {
    expect(() => new FramebufferReader(8, 4).feed(update(rect(6, 0, 3, 1, ENCODING_RAW, raw(3, 1, () => 1))))).toThrow(
      'rectangle 3x1+6+0 lies outside the 8x4 desktop',
    );
    expect(() => new FramebufferReader(8, 4).feed(update(rect(0, 0, 1, 1, 16)))).toThrow('the server sent encoding 16, which was not asked for');
    expect(() => new FramebufferReader(8, 4).feed(Buffer.from([77]))).toThrow('unknown server message type 77');
  });
});
