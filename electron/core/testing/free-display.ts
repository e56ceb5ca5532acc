// Free X displays for tests that start real X or VNC servers. A display is free when no X server
// left its traces (/tmp/.X<N>-lock, /tmp/.X11-unix/X<N>) and its RFB port 5900+N can be bound.
// A free display is then reserved with a lock file this process owns (created exclusively, holding
// our pid), so test files running in parallel never pick the same one; a reservation whose process
// is gone is taken over. Reservations end with freeDisplays() or when the process exits.
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';

const FIRST = 200;
const LAST = 999; // 5900 + 999 stays below the ports the kernel hands out at random
const PREFIX = '.deck-test-display-';
export const reservationOf = (display: number): string => `/tmp/${PREFIX}${display}.lock`;
const held = new Set<number>();
let swept = false;

process.once('exit', () => {
  for (const display of held) release(display);
});

function release(display: number): void {
  held.delete(display);
  try {
    if (readFileSync(reservationOf(display), 'utf8').trim() === String(process.pid)) unlinkSync(reservationOf(display));
  } catch {
    // Already gone.
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the reservations of processes that are gone (a test runner killed its workers). */
function sweepStale(): void {
  swept = true;
  for (const name of readdirSync('/tmp').filter((entry) => entry.startsWith(PREFIX))) {
    try {
      const owner = Number.parseInt(readFileSync(`/tmp/${name}`, 'utf8').trim(), 10);
      if (Number.isInteger(owner) && !pidAlive(owner)) unlinkSync(`/tmp/${name}`); // empty: being written
    } catch {
      // Taken over or removed meanwhile.
    }
  }
}

/** Takes the reservation of one display; false when another live process holds it. */
function reserve(display: number): boolean {
  const file = reservationOf(display);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      held.add(display);
      return true;
    } catch {
      let owner: number;
      try {
        owner = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      } catch {
        continue; // removed since: try again
      }
      // No pid yet: its owner is between creating and writing the file.
      if (!Number.isInteger(owner) || pidAlive(owner)) return false;
      try {
        unlinkSync(file); // a reservation left by a test run that died
      } catch {
        // Someone else removed it first; try again.
      }
    }
  }
  return false;
}

const hasXTraces = (display: number): boolean => existsSync(`/tmp/.X${display}-lock`) || existsSync(`/tmp/.X11-unix/X${display}`);

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Reserves `count` consecutive free displays and returns the first: a session type's
 * `display_base` (slot i uses display base + i). Scans from a random start to spread parallel runs.
 */
export async function reserveDisplays(count = 1, range: { from: number; to: number } = { from: FIRST, to: LAST }): Promise<number> {
  if (!swept) sweepStale();
  const span = range.to - range.from + 2 - count;
  const offset = Math.floor(Math.random() * span);
  for (let step = 0; step < span; step += 1) {
    const base = range.from + ((offset + step) % span);
    const displays = Array.from({ length: count }, (_, i) => base + i);
    if (displays.some((display) => held.has(display) || hasXTraces(display))) continue;
    const taken: number[] = [];
    for (const display of displays) {
      if (!reserve(display)) break;
      taken.push(display);
    }
    const ports = taken.length === count ? await Promise.all(displays.map((display) => portFree(5900 + display))) : [];
    if (ports.length === count && ports.every(Boolean) && !displays.some(hasXTraces)) return base;
    taken.forEach(release);
  }
  throw new Error(`no ${count} consecutive free X displays in ${range.from}..${range.to}`);
}

/** Reserves one free display. */
export const reserveDisplay = (): Promise<number> => reserveDisplays(1);

/** Ends the reservation of `count` displays from `base` (what reserveDisplays returned). */
export function freeDisplays(base: number, count = 1): void {
  for (let display = base; display < base + count; display += 1) release(display);
}

/** Whether this process holds the reservation of a display (for the helper's own test). */
export const isReserved = (display: number): boolean => held.has(display) && existsSync(reservationOf(display));
