// A real viewer for tests: a WebSocket through the bridge, then the RFB handshake.
import { WebSocket, createWebSocketStream } from 'ws';
import type { Duplex } from 'node:stream';
import { rfbHandshake, type RfbServerInit } from '../vnc/rfb-client';

export interface TestViewer {
  init: RfbServerInit;
  stream: Duplex;
  close(): Promise<void>;
}

/**
 * origin: the page origin a browser would send (the bridge checks it unless told not to). No password:
 * the bridge authenticates with the VNC server itself and lets the ticket's viewer in with security None.
 */
export async function connectViewer(url: string, origin?: string): Promise<TestViewer> {
  const socket = new WebSocket(url, 'binary', origin ? { origin } : {});
  // Listening before open: a bridge already signed in sends its banner with the upgrade's answer.
  const stream = createWebSocketStream(socket);
  stream.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const init = await rfbHandshake(stream, undefined);
  return {
    init,
    stream,
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
}
