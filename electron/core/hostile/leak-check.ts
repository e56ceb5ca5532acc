// Resource counts of this test process before and after a hostile scenario: open file descriptors
// (sockets among them) and resident memory. A scenario that leaks what an attacker can repeat
// without end fails here, whatever else it shows.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { expect } from 'vitest';

export interface ResourceCounts {
  fds: number;
  sockets: number;
  rssMiB: number;
}

export function resourceCounts(): ResourceCounts {
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      fds += 1;
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) sockets += 1;
    } catch {
      // closed between readdir and readlink
    }
  }
  const rssPages = Number(readFileSync('/proc/self/statm', 'utf8').split(' ')[1]);
  return { fds, sockets, rssMiB: (rssPages * 4096) / 2 ** 20 };
}

/**
 * Runs the scenario and checks that it left no descriptors open and did not grow memory by more
 * than `rssSlackMiB` (garbage is collected first where the runtime allows it).
 */
export async function withoutLeaks<T>(scenario: () => Promise<T>, options: { fdSlack?: number; rssSlackMiB?: number } = {}): Promise<T> {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const before = resourceCounts();
  const result = await scenario();
  // Sockets closed by the peer are reaped on the next turns of the event loop.
  for (let i = 0; i < 50 && resourceCounts().fds > before.fds + (options.fdSlack ?? 0); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  collect?.();
  const after = resourceCounts();
  expect(after.fds, `open descriptors: ${before.fds} before, ${after.fds} after`).toBeLessThanOrEqual(before.fds + (options.fdSlack ?? 0));
  expect(after.rssMiB - before.rssMiB, `resident memory grew from ${before.rssMiB.toFixed(0)} MiB to ${after.rssMiB.toFixed(0)} MiB`).toBeLessThanOrEqual(options.rssSlackMiB ?? 64);
  return result;
}
