// Real TCP servers on 127.0.0.1 standing in for a VNC server in tests and benchmarks.
import { createServer, type Server, type Socket } from 'node:net';

export interface TestTcpServer {
  readonly port: number;
  /** Connections accepted so far: proves whether the bridge touched the target. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Resolves with the next accepted socket. */
  nextConnection(): Promise<Socket>;
  close(): Promise<void>;
}

export async function startTcpServer(onConnection: (socket: Socket) => void = () => {}): Promise<TestTcpServer> {
  const sockets = new Set<Socket>();
  const waiters: ((socket: Socket) => void)[] = [];
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    onConnection(socket);
    waiters.shift()?.(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    get accepted() {
      return accepted;
    },
    get open() {
      return sockets.size;
    },
    nextConnection: () => new Promise<Socket>((resolve) => waiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Echoes every byte back. */
export const startEchoServer = (): Promise<TestTcpServer> =>
  startTcpServer((socket) => {
    socket.setNoDelay(true);
    socket.pipe(socket);
  });

/** Sends `bytes` (a repeating, position-dependent pattern) and closes. */
export const startSourceServer = (bytes: number): Promise<TestTcpServer> =>
  startTcpServer((socket) => {
    socket.end(patternBytes(bytes));
  });

/** A pattern in which a lost, duplicated or reordered chunk is visible. */
export function patternBytes(length: number, seed = 0): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 1) buffer[i] = (i * 31 + seed + (i >>> 8)) & 0xff;
  return buffer;
}

/** A port on which nothing listens (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A loopback port that was free a moment ago (for servers that cannot report the port they took). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
