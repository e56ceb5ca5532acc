// Refused upgrades get a plain HTTP answer and the socket is closed; no WebSocket is ever opened.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

export function refuseSocket(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? 'Error';
  const body = `${status} ${text}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      '\r\n' +
      body,
  );
  // end() flushes then half-closes; destroy once flushed so a client that never closes can't hold the fd.
  socket.once('finish', () => socket.destroy());
}
