// TCP listening sockets of this network namespace, read from /proc/net/tcp and tcp6: whether a
// server listens on a port, found without connecting to it.
import { readFile } from 'node:fs/promises';

const TCP_LISTEN = '0A';

/** "a.b.c.d" or "::1"-style text of a /proc/net/tcp{,6} address (little-endian 32-bit words). */
function decodeAddress(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => (word.match(/../g) ?? []).reverse().map((b) => parseInt(b, 16)));
  if (bytes.length === 4) return bytes.join('.');
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i]! << 8) | bytes[2 * i + 1]!).toString(16));
  const head = groups.slice(0, 7).join(':');
  if (head === '0:0:0:0:0:0:0') return groups[7] === '0' ? '::' : `::${groups[7]}`;
  if (head.startsWith('0:0:0:0:0:ffff')) return `::ffff:${bytes.slice(12).join('.')}`;
  return groups.join(':');
}

/** Addresses on which something listens on TCP port `port` (IPv4 and IPv6); undefined without /proc. */
export async function listeningAddresses(port: number): Promise<string[] | undefined> {
  const found: string[] = [];
  let readable = false;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(table, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== TCP_LISTEN) continue;
      const [address = '', portHex = ''] = local.split(':');
      if (parseInt(portHex, 16) === port) found.push(decodeAddress(address));
    }
  }
  return readable ? found : undefined;
}

export const isLoopbackAddress = (address: string): boolean =>
  address.startsWith('127.') || address.startsWith('::ffff:127.') || address === '::1';

/** Addresses that take connections made to a loopback address: loopback ones and the wildcards. */
export const servesLoopback = (address: string): boolean => isLoopbackAddress(address) || address === '0.0.0.0' || address === '::';
