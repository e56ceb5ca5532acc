// The loopback servers answer only requests addressed to themselves. A page on any site can make
// its own name resolve to 127.0.0.1 (DNS rebinding) and then talk to us same-origin, as far as the
// browser knows; its requests still carry that name in Host, so refusing it closes the hole.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The `host:port` forms a request to this server may name (lowercase). */
export function ownAuthorities(port: number, { ipv6 = false }: { ipv6?: boolean } = {}): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, ...(ipv6 ? [`[::1]:${port}`] : [])];
}

/** True when the Host header (and an absolute request target, if any) names one of `authorities`. */
export function isAddressedTo(request: IncomingMessage, authorities: readonly string[]): boolean {
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !authorities.includes(host)) return false;
  const target = request.url ?? '/';
  if (target.startsWith('/')) return true;
  // An absolute-form target (RFC 9112 3.2.2) wins over Host: it must name us too.
  try {
    const url = new URL(target);
    return url.protocol === 'http:' && authorities.includes(url.host.toLowerCase());
  } catch {
    return false;
  }
}

/** 421 Misdirected Request: the request was meant for some other server. */
export function sendMisdirected(response: ServerResponse, authorities: readonly string[]): void {
  const text = `421 Misdirected Request: this server answers only to ${authorities.map((authority) => `http://${authority}`).join(' and ')}\n`;
  response.writeHead(421, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  response.end(text);
}
