// Serves the built renderer, and nothing else, on 127.0.0.1 for the Electron window: a page from
// a loopback origin may open the loopback bridge under Chromium's Local Network Access checks, and
// it has a real origin for the bridge's allow-list (a file:// page sends `Origin: null`, which any
// sandboxed frame can send too). It holds no API: the window talks to main over IPC.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rendererContentSecurityPolicy } from '../../shared/csp';
import { isAddressedTo, ownAuthorities, sendMisdirected } from './host-header';
import { serveStatic } from './static-files';

export interface RendererServer {
  readonly origin: string;
  /** The bridge's origin, for connect-src in the CSP; set once the bridge listens. */
  setBridgeOrigin(origin: string): void;
  close(): Promise<void>;
}

export async function startRendererServer(rendererDir: string): Promise<RendererServer> {
  let bridgeOrigin = '';
  const server: Server = createServer((request, response) => {
    const authorities = ownAuthorities((server.address() as AddressInfo).port);
    if (!isAddressedTo(request, authorities)) return sendMisdirected(response, authorities);
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    serveStatic(rendererDir, path, response, rendererContentSecurityPolicy(bridgeOrigin))
      .then((served) => {
        if (!served) response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      })
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    setBridgeOrigin: (value) => (bridgeOrigin = value),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
