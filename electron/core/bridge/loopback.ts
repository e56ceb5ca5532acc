// The bridge must only ever be reachable from this machine.
import { isIP } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return false; // may resolve to a non-loopback address; be explicit
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family === 6) {
    const lower = host.toLowerCase();
    return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(lower);
  }
  return false;
}
