// The colour the benchmark's X client (xpaint.c) paints after n key presses (or animation steps),
// as 0xRRGGBB: the two must agree.
export function paintColour(n: number): number {
  const r = (n * 67 + 40) & 255;
  const g = (n * 151 + 90) & 255;
  const b = (n * 29 + 160) & 255;
  return (r << 16) | (g << 8) | b;
}
