// Connections to a VNC server's target. Over TCP, a plain connect. Over a Unix socket, connects to
// one path are let through a few at a time: the kernel refuses a connect to a Unix socket whose
// listen backlog is full with EAGAIN instead of retrying it as TCP does, and Xvnc listens with a
// backlog of 5, so 20 viewers opening at once would otherwise see most of them refused. A
// connection holds its turn until the server has sent its first bytes (it was accepted) or closed.
import { connect, Socket, type OnReadOpts } from 'node:net';
import { type VncTarget } from './vnc-target';

/** Connects to one socket path that may be waiting for the server to accept them. */
const IN_FLIGHT_PER_PATH = 4;

class Turns {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  take(start: () => void): () => void {
    let done = false;
    const release = () => {
      if (done) return;
      done = true;
      if (started) {
        this.active -= 1;
        this.waiting.shift()?.();
      } else {
        this.waiting.splice(this.waiting.indexOf(begin), 1);
      }
    };
    let started = false;
    const begin = () => {
      started = true;
      this.active += 1;
      start();
    };
    if (this.active < IN_FLIGHT_PER_PATH) begin();
    else this.waiting.push(begin);
    return release;
  }

  get idle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }
}

const turnsByPath = new Map<string, Turns>();

export interface VncSocketOptions {
  noDelay?: boolean;
  /** Node's onread option (a reused read buffer); without it the socket emits 'data'. */
  onread?: OnReadOpts;
}

/** A socket to the target, connecting now (TCP) or as soon as its turn comes (Unix socket). */
export function connectVnc(target: VncTarget, options: VncSocketOptions = {}): Socket {
  if (target.kind !== 'unix') {
    return connect({ host: target.host, port: target.port, noDelay: options.noDelay ?? false, ...(options.onread ? { onread: options.onread } : {}) });
  }
  const { path } = target;
  const turns = turnsByPath.get(path) ?? new Turns();
  turnsByPath.set(path, turns);
  let release = (): void => undefined;
  const done = () => {
    release();
    if (turns.idle && turnsByPath.get(path) === turns) turnsByPath.delete(path);
  };
  const onread = options.onread;
  // Node's Socket takes onread in its constructor too (net.connect passes it there); @types/node lacks it.
  const socket = new Socket(
    (onread
      ? {
          onread: {
            buffer: onread.buffer,
            callback: (n: number, buffer: Uint8Array) => {
              done();
              return onread.callback(n, buffer);
            },
          } as OnReadOpts,
        }
      : {}) as ConstructorParameters<typeof Socket>[0],
  );
  if (!onread) socket.once('data', done);
  socket.once('close', done);
  release = turns.take(() => {
    if (!socket.destroyed) socket.connect({ path });
  });
  return socket;
}

/** Resolves with a connected socket, or rejects after timeoutMs (the socket is destroyed). */
export function openVncSocket(target: VncTarget, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connectVnc(target);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${target.kind !== 'unix' ? `${target.host}:${target.port}` : target.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    });
  });
}
