import { describe, expect, it } from 'vitest';
import { formatMoment } from './format';

describe('formatMoment', () => {
  const at = new Date(2026, 10, 22, 8, 42).getTime(); // Sun 22 Nov 2026, local time

  it('says only the time of day for a moment today', () => {
    expect(formatMoment(at, new Date(2026, 10, 22, 23, 59).getTime())).toBe('08:42');
  });

  it('names the day for a moment on another day, the same day of another month or year included', () => {
    expect(formatMoment(at, new Date(2026, 10, 23, 0, 1).getTime())).toBe('Sun 22 Nov 08:42');
    expect(formatMoment(at, new Date(2026, 9, 22, 8, 42).getTime())).toBe('Sun 22 Nov 08:42');
    expect(formatMoment(at, new Date(2027, 10, 22, 8, 42).getTime())).toBe('Sun 22 Nov 08:42');
  });
});
