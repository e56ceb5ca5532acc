// The common target of all three paths, in its own process: after a 9-byte request ('S' + u64 n:
// send n bytes; 'E' + u64 0: echo everything) it serves the client. It never closes first:
// websockify loses the tail of a stream whose target closes, which would stall its figures.
import { createServer, type Socket } from 'node:net';

const CHUNK = Buffer.alloc(1024 * 1024, 0x5a);

function stream(socket: Socket, total: number): void {
  let left = total;
  const pump = (): void => {
    while (left > 0) {
      const n = Math.min(left, CHUNK.length);
      left -= n;
      if (!socket.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return;
    }
  };
  socket.on('drain', pump);
  pump();
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  let head = Buffer.alloc(0);
  const onData = (data: Buffer): void => {
    head = Buffer.concat([head, data]);
    if (head.length < 9) return;
    socket.off('data', onData);
    const command = String.fromCharCode(head[0] ?? 0);
    const n = Number(head.readBigUInt64BE(1));
    const rest = head.subarray(9);
    if (command === 'S') stream(socket, n);
    else if (command === 'E') {
      if (rest.length > 0) socket.write(rest);
      socket.pipe(socket);
    } else socket.destroy();
  };
  socket.on('data', onData);
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as { port: number }).port });
});
process.on('disconnect', () => process.exit(0));
