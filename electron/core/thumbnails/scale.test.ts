import { describe, expect, it } from 'vitest';
import { scaleToRgb, thumbnailSize, type Framebuffer } from './scale';

/** A framebuffer (B, G, R, unused) whose pixel colour is given per pixel. */
function framebuffer(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Framebuffer {
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = colour(x, y);
      pixels.set([b, g, r, 0], (y * width + x) * 4);
    }
  }
  return { width, height, pixels };
}

describe('thumbnail scaling', () => {
  it('keeps the aspect ratio and never enlarges', () => {
    expect(thumbnailSize({ width: 1280, height: 800 }, 240)).toEqual({ width: 240, height: 150 });
    expect(thumbnailSize({ width: 1920, height: 1080 }, 240)).toEqual({ width: 240, height: 135 });
    expect(thumbnailSize({ width: 100, height: 50 }, 240)).toEqual({ width: 100, height: 50 });
  });

  it('averages each box of source pixels and turns B, G, R into R, G, B', () => {
    // 4x2 -> 2x1: the left box is half red, half blue; the right box is all green.
    const fb = framebuffer(4, 2, (x, y) => (x >= 2 ? [0, 200, 0] : y === 0 ? [255, 0, 0] : [0, 0, 255]));
    expect([...scaleToRgb(fb, 2, 1)]).toEqual([128, 0, 128, 0, 200, 0]);
  });

  it('puts a corner square where it belongs', () => {
    const fb = framebuffer(1280, 800, (x, y) => (x < 320 && y < 200 ? [255, 128, 0] : [0, 0, 0]));
    const rgb = scaleToRgb(fb, 240, 150);
    const at = (x: number, y: number) => [...rgb.subarray((y * 240 + x) * 3, (y * 240 + x) * 3 + 3)];
    expect(at(10, 10)).toEqual([255, 128, 0]);
    expect(at(200, 100)).toEqual([0, 0, 0]);
  });

  it('a one-pixel vertical line still shows in its column (every column is read)', () => {
    const fb = framebuffer(1280, 800, (x) => (x === 641 ? [255, 255, 255] : [0, 0, 0]));
    const rgb = scaleToRgb(fb, 240, 150);
    const column = Math.floor((641 * 240) / 1280);
    expect(rgb[(75 * 240 + column) * 3]).toBeGreaterThan(0);
  });

  it('gives what a plain box average gives (every other row of tall boxes), for any picture', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 255;
    const fb = framebuffer(333, 201, () => [random(), random(), random()]);
    const [w, h] = [50, 30];
    const expected: number[] = [];
    for (let ty = 0; ty < h; ty += 1) {
      const y0 = Math.floor((ty * 201) / h);
      const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * 201) / h));
      for (let tx = 0; tx < w; tx += 1) {
        const x0 = Math.floor((tx * 333) / w);
        const x1 = Math.max(x0 + 1, Math.floor(((tx + 1) * 333) / w));
        const sum: [number, number, number] = [0, 0, 0];
        let count = 0;
        for (let y = y0; y < y1; y += y1 - y0 >= 4 ? 2 : 1) {
          for (let x = x0; x < x1; x += 1) {
            const at = (y * 333 + x) * 4;
            sum[0] += fb.pixels[at + 2]!;
            sum[1] += fb.pixels[at + 1]!;
            sum[2] += fb.pixels[at]!;
            count += 1;
          }
        }
        expected.push(...sum.map((value) => Math.round(value / count)));
      }
    }
    expect([...scaleToRgb(fb, w, h)]).toEqual(expected);
  });
});

