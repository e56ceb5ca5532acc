// Cheap looks at noVNC's canvas: has the first frame been drawn, and a small snapshot for thumbnails.

/** The largest w x h inside maxW x maxH with the source's aspect ratio (at least 1 x 1). */
export function fitWithin(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  if (width <= 0 || height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(maxWidth / width, maxHeight / height, 1);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Whether any of the pixels (RGBA) is opaque: noVNC's canvas is transparent until the first update. */
export function anyOpaque(data: ArrayLike<number>): boolean {
  for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) return true;
  return false;
}

const canvasOf = (target: HTMLElement | null): HTMLCanvasElement | null => target?.querySelector('canvas') ?? null;

/** Samples the canvas down to 8 x 8 and looks for drawn pixels. */
export function hasFirstFrame(target: HTMLElement | null): boolean {
  const canvas = canvasOf(target);
  if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
  const probe = document.createElement('canvas');
  probe.width = 8;
  probe.height = 8;
  const context = probe.getContext('2d', { willReadFrequently: true });
  if (!context) return true;
  context.drawImage(canvas, 0, 0, 8, 8);
  return anyOpaque(context.getImageData(0, 0, 8, 8).data);
}

/** A small JPEG of the desktop as a data: URL, or null when there is nothing to show. */
export function snapshot(target: HTMLElement | null, maxWidth = 240, maxHeight = 150): string | null {
  const canvas = canvasOf(target);
  if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
  const size = fitWithin(canvas.width, canvas.height, maxWidth, maxHeight);
  const small = document.createElement('canvas');
  small.width = size.width;
  small.height = size.height;
  const context = small.getContext('2d');
  if (!context) return null;
  context.drawImage(canvas, 0, 0, size.width, size.height);
  return small.toDataURL('image/jpeg', 0.7);
}
