import { describe, expect, it } from 'vitest';
import { mustMakeRoom, pickEvictee, resolveMaxStartups, STARTUP_GRACE_MS } from './startups';

describe('maxStartups', () => {
  const policy = { start: 10, rate: 30, full: 20 };

  it('makes room with no connection below start, rate% at start rising linearly, and always at full', () => {
    const chance = (startups: number) => {
      let hits = 0;
      for (let i = 0; i < 1000; i += 1) if (mustMakeRoom(startups, policy, () => i / 1000)) hits += 1;
      return hits / 1000;
    };
    expect(chance(0)).toBe(0);
    expect(chance(9)).toBe(0);
    expect(chance(10)).toBeCloseTo(0.3, 2);
    expect(chance(15)).toBeCloseTo(0.65, 2);
    expect(chance(19)).toBeCloseTo(0.93, 2);
    expect(chance(20)).toBe(1);
    expect(chance(500)).toBe(1);
  });

  it('picks at random among startups that waited past the grace, never a newcomer still sending its upgrade', () => {
    const now = 10_000;
    const startups = new Map([
      ['fresh', { since: now - STARTUP_GRACE_MS + 1 }],
      ['old-a', { since: now - 5_000 }],
      ['old-b', { since: now - STARTUP_GRACE_MS }],
    ]);
    const picked = new Set(Array.from({ length: 100 }, (_, i) => pickEvictee(startups, now, () => i / 100)));
    expect([...picked].sort()).toEqual(['old-a', 'old-b']);
    expect(pickEvictee(new Map([['fresh', { since: now }]]), now)).toBeUndefined();
    expect(pickEvictee(new Map(), now)).toBeUndefined();
  });

  it('defaults to an eighth and a half of maxConnections, and refuses a policy that would not fit', () => {
    expect(resolveMaxStartups(undefined, 256)).toEqual({ start: 32, rate: 30, full: 128 });
    expect(resolveMaxStartups(undefined, 1)).toEqual({ start: 1, rate: 30, full: 1 });
    expect(resolveMaxStartups({ start: 5, rate: 0, full: 5 }, 5)).toEqual({ start: 5, rate: 0, full: 5 });
    expect(() => resolveMaxStartups({ start: 5, rate: 30, full: 300 }, 256)).toThrow(/maxStartups 5:30:300 is invalid/);
    expect(() => resolveMaxStartups({ start: 9, rate: 30, full: 8 }, 256)).toThrow(/invalid/);
    expect(() => resolveMaxStartups({ start: 1, rate: 101, full: 8 }, 256)).toThrow(/invalid/);
    expect(() => resolveMaxStartups({ start: 0.5, rate: 30, full: 8 }, 256)).toThrow(/invalid/);
  });
});
