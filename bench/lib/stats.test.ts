import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats';

describe('percentile (nearest rank)', () => {
  it('picks the smallest sample with at least p of all at or below it', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 0.5)).toBe(5);
    expect(percentile(samples, 0.95)).toBe(10);
    expect(percentile(samples, 0.1)).toBe(1);
    expect(percentile(samples, 1)).toBe(10);
  });

  it('does not reorder its input and handles small and empty sets', () => {
    const samples = [3, 1, 2];
    expect(median(samples)).toBe(2);
    expect(samples).toEqual([3, 1, 2]);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarizes 1..1000 as p50 500, p95 950, p99 990', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(summarize(samples)).toEqual({ n: 1000, p50: 500, p95: 950, p99: 990, max: 1000 });
  });
});
