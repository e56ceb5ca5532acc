import { describe, expect, it } from 'vitest';
import { encodePng } from './png';
import { decodePng } from './testing/read-png';

describe('encodePng', () => {
  it('writes an 8-bit RGB PNG whose pixels read back exactly', () => {
    const width = 7;
    const height = 5;
    const rgb = Buffer.alloc(width * height * 3);
    for (let i = 0; i < rgb.length; i += 1) rgb[i] = (i * 37 + (i >> 3)) & 0xff;
    const png = encodePng(width, height, rgb);
    const back = decodePng(png);
    expect(back).toMatchObject({ width, height });
    expect(back.rgb.equals(rgb)).toBe(true);
  });

  it('keeps a flat desktop small', () => {
    const rgb = Buffer.alloc(240 * 150 * 3, 0x40);
    expect(encodePng(240, 150, rgb).length).toBeLessThan(2_000);
  });

  it('names what is wrong with its input', () => {
    expect(() => encodePng(0, 5, Buffer.alloc(0))).toThrow('width and height must be positive integers, got 0x5');
    expect(() => encodePng(2, 2, Buffer.alloc(11))).toThrow('expected 12 RGB bytes for 2x2, got 11');
  });
});
