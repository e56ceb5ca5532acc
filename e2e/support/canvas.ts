// Reads noVNC's canvas in the page: how many distinct colours it shows (a blank frame has one).
import type { Locator } from '@playwright/test';

export function distinctCanvasColours(viewer: Locator): Promise<number> {
  return viewer.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set<number>();
    for (let i = 0; i < data.length && colours.size < 64; i += 4 * 97) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    }
    return colours.size;
  });
}

/** A cheap fingerprint of what the canvas shows, to wait for the desktop to change. */
export function canvasFingerprint(viewer: Locator): Promise<number> {
  return viewer.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context || canvas.width === 0 || canvas.height === 0) return 0;
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    let hash = 0;
    for (let i = 0; i < data.length; i += 4 * 7) hash = (hash * 31 + data[i]! + data[i + 1]! * 3 + data[i + 2]! * 7) | 0;
    return hash;
  });
}
