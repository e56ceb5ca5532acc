// Scales a 32-bit framebuffer (bytes B, G, R, unused per pixel, as the thumbnail client asks the
// server for) down to RGB by averaging each target pixel's box of source pixels: text and thin
// lines blend in instead of flickering in and out as they would with point sampling.

export interface Framebuffer {
  width: number;
  height: number;
  /** width * height * 4 bytes: B, G, R, unused. */
  pixels: Uint8Array;
}

/** The target size: `width` wide (never wider than the source), the aspect ratio kept. */
export function thumbnailSize(source: { width: number; height: number }, width: number): { width: number; height: number } {
  const w = Math.max(1, Math.min(width, source.width));
  return { width: w, height: Math.max(1, Math.round((source.height * w) / source.width)) };
}

/** Box-filtered RGB bytes of the framebuffer at the given size: one pass over the source rows, summing each pixel into its target column. */
export function scaleToRgb(source: Framebuffer, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const { pixels } = source;
  const columnOf = new Uint16Array(source.width);
  const columnPixels = new Uint32Array(width);
  for (let x = 0; x < source.width; x += 1) {
    const column = Math.min(width - 1, Math.floor((x * width) / source.width));
    columnOf[x] = column;
    columnPixels[column] = (columnPixels[column] ?? 0) + 1;
  }
  const sums = new Uint32Array(width * 3);
  const rowBytes = source.width * 4;
  for (let ty = 0; ty < height; ty += 1) {
    const y0 = Math.floor((ty * source.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((ty + 1) * source.height) / height));
    sums.fill(0);
    // Tall boxes (desktops 4x the picture's height and more) sum every other row: half the reading, the same look.
    const step = y1 - y0 >= 4 ? 2 : 1;
    for (let y = y0; y < y1; y += step) {
      let at = y * rowBytes;
      for (let x = 0; x < source.width; x += 1, at += 4) {
        const o = columnOf[x]! * 3;
        sums[o] = sums[o]! + pixels[at + 2]!;
        sums[o + 1] = sums[o + 1]! + pixels[at + 1]!;
        sums[o + 2] = sums[o + 2]! + pixels[at]!;
      }
    }
    const rows = Math.ceil((y1 - y0) / step);
    for (let tx = 0; tx < width; tx += 1) {
      const count = rows * columnPixels[tx]!;
      const o = tx * 3;
      const t = (ty * width + tx) * 3;
      out[t] = Math.round(sums[o]! / count);
      out[t + 1] = Math.round(sums[o + 1]! / count);
      out[t + 2] = Math.round(sums[o + 2]! / count);
    }
  }
  return out;
}
