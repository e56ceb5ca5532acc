// The free-display helper: it skips displays another process reserved or whose port is taken,
// takes over a reservation left by a dead process, and never hands out one display twice.
import { createServer, type Server } from 'node:net';
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freeDisplays, isReserved, reservationOf, reserveDisplays } from './free-display';

const DEAD_PID = 2 ** 22 + 1; // above Linux's pid_max: never a live process

describe('reserveDisplays', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('hands out consecutive displays, reserved by this process, never twice', async () => {
    const first = await reserveDisplays(3);
    const second = await reserveDisplays(3);
    cleanups.push(() => freeDisplays(first, 3), () => freeDisplays(second, 3));
    expect(Math.abs(first - second)).toBeGreaterThanOrEqual(3);
    for (const display of [first, first + 1, first + 2]) {
      expect(isReserved(display)).toBe(true);
      expect(readFileSync(reservationOf(display), 'utf8').trim()).toBe(String(process.pid));
    }
    freeDisplays(first, 3);
    expect(existsSync(reservationOf(first))).toBe(false);
  });

  it("skips another live process's reservation and a display whose RFB port is taken", async () => {
    const base = await reserveDisplays(3);
    freeDisplays(base, 3);
    writeFileSync(reservationOf(base), '1\n'); // init: always alive
    cleanups.push(() => unlinkSync(reservationOf(base)));
    cleanups.push(() => freeDisplays(base + 2));
    const listener: Server = createServer();
    await new Promise<void>((resolve) => listener.listen({ host: '127.0.0.1', port: 5900 + base + 1 }, resolve));
    cleanups.push(() => listener.close());
    expect(await reserveDisplays(1, { from: base, to: base + 2 })).toBe(base + 2);
    await expect(reserveDisplays(1, { from: base, to: base + 1 })).rejects.toThrow(/no 1 consecutive free X displays/);
    expect(readFileSync(reservationOf(base), 'utf8').trim()).toBe('1');
  });

  it('takes over a reservation whose process is gone', async () => {
    const base = await reserveDisplays(1);
    freeDisplays(base);
    writeFileSync(reservationOf(base), `${DEAD_PID}\n`);
    expect(await reserveDisplays(1, { from: base, to: base })).toBe(base);
    cleanups.push(() => freeDisplays(base));
    expect(readFileSync(reservationOf(base), 'utf8').trim()).toBe(String(process.pid));
  });
});
