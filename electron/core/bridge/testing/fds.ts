// Open file descriptors of this process, for leak checks.
import { readdirSync, readlinkSync } from 'node:fs';

export function openSocketCount(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) count += 1;
    } catch {
      // closed between readdir and readlink
    }
  }
  return count;
}
