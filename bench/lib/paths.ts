// The three ways from the benchmark client to the source: raw TCP, websockify, Session Deck's bridge.
// Each gives the same byte-stream connection, so every measurement runs the same code on all three.
import { connect } from 'node:net';
import { WebSocket } from 'ws';

export interface Connection {
  write(data: Buffer): void;
  /** Replaces the data handler; the benchmark installs one per phase. */
  onData(handler: (data: Buffer) => void): void;
  /** Resolves when the peer has closed. */
  readonly ended: Promise<void>;
  close(): void;
}

export interface BenchPath {
  name: string;
  /** Pid whose process tree does the relaying (null for raw TCP). */
  pid: number | null;
  /** Prepares n connection addresses (tickets for the bridge) outside any timed section. */
  prepare(n: number): Promise<string[]>;
  open(address: string): Promise<Connection>;
}

export function openTcp(port: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let handler: (data: Buffer) => void = () => {};
    const socket = connect({ host: '127.0.0.1', port, noDelay: true }, () => {
      resolve({
        write: (data) => void socket.write(data),
        onData: (next) => (handler = next),
        ended,
        close: () => socket.destroy(),
      });
    });
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (data: Buffer) => handler(data));
    socket.on('error', reject); // kept: a later reset (a relay going away) must not crash the run
  });
}

export function openWebSocket(url: string): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let handler: (data: Buffer) => void = () => {};
    const ws = new WebSocket(url, ['binary'], { perMessageDeflate: false });
    const ended = new Promise<void>((done) => ws.once('close', () => done()));
    ws.on('message', (data: Buffer) => handler(data));
    ws.once('open', () =>
      resolve({
        write: (data) => ws.send(data),
        onData: (next) => (handler = next),
        ended,
        close: () => ws.close(1000),
      }),
    );
    ws.once('error', reject);
  });
}

export const request = (command: 'S' | 'E', n: number): Buffer => {
  const head = Buffer.alloc(9);
  head[0] = command.charCodeAt(0);
  head.writeBigUInt64BE(BigInt(n), 1);
  return head;
};
