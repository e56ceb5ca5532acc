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

/** The source span [start, end) of each target pixel along one axis (never empty). */
function boxes(source: number, target: number): Uint32Array {
  const edges = new Uint32Array(target * 2);
  for (let t = 0; t < target; t += 1) {
    const start = Math.floor((t * source) / target);
    edges[t * 2] = start;
    edges[t * 2 + 1] = Math.max(start + 1, Math.floor(((t + 1) * source) / target));
  }
  return edges;
}

/**
 * Box-filtered RGB bytes of the framebuffer at the given size. It runs on the engine's event loop,
 * beside every viewer's traffic, so each box is summed in locals (half the time of summing each
 * row into an array of columns), and boxes 4 and more rows tall sum every other row: half the
 * reading, the same look. Every column is read: text's strokes are mostly vertical.
 */
export function scaleToRgb(source: Framebuffer, width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  const { pixels } = source;
  const columns = boxes(source.width, width);
  const rows = boxes(source.height, height);
  const rowBytes = source.width * 4;
  let t = 0;
  for (let ty = 0; ty < height; ty += 1) {
    const y0 = rows[ty * 2]!;
    const y1 = rows[ty * 2 + 1]!;
    const yStep = y1 - y0 >= 4 ? 2 : 1;
    for (let tx = 0; tx < width; tx += 1) {
      const x0 = columns[tx * 2]!;
      const x1 = columns[tx * 2 + 1]!;
      let r = 0;
      let g = 0;
      let b = 0;
      let count = 0;
      for (let y = y0; y < y1; y += yStep) {
        const end = y * rowBytes + x1 * 4;
        for (let at = y * rowBytes + x0 * 4; at < end; at += 4) {
          b += pixels[at]!;
          g += pixels[at + 1]!;
          r += pixels[at + 2]!;
          count += 1;
        }
      }
      out[t] = Math.round(r / count);
      out[t + 1] = Math.round(g / count);
      out[t + 2] = Math.round(b / count);
      t += 3;
    }
  }
  return out;
}
