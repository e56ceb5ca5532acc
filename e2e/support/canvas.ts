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
