// A lean WebSocket client for the benchmark's viewer side: it parses frame headers and hands payload
// slices on without assembling messages. `ws`'s client copies every multi-chunk message into a fresh
// buffer, which on a 2-core machine takes CPU from the relay being measured. Used for websockify and
// the bridge alike.
import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Connection } from './paths';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function maskedFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const extra = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const frame = Buffer.allocUnsafe(2 + extra + 4 + length);
  frame[0] = 0x80 | opcode;
  if (extra === 0) frame[1] = 0x80 | length;
  else if (extra === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const maskAt = 2 + extra;
  randomBytes(4).copy(frame, maskAt);
  for (let i = 0; i < length; i += 1) frame[maskAt + 4 + i] = (payload[i] ?? 0) ^ (frame[maskAt + (i & 3)] ?? 0);
  return frame;
}

export function openLeanWebSocket(url: string): Promise<Connection> {
  const { hostname, port, pathname } = new URL(url);
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  return new Promise((resolve, reject) => {
    let handler: (data: Buffer) => void = () => {};
    const socket: Socket = connect({ host: hostname, port: Number(port), noDelay: true });
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', reject); // kept: a later reset (a relay going away) must not crash the run
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: binary\r\n\r\n`,
    );

    let head: Buffer | null = Buffer.alloc(0); // until the 101 response is complete
    // A relay that drops the connection before its 101 (e.g. a startup limit) fails the open.
    socket.once('close', () => head !== null && reject(new Error('connection closed before the upgrade was answered')));
    let pending = Buffer.alloc(0); // an incomplete frame header
    let payloadLeft = 0;
    let opcode = 0;

    const onFrames = (data: Buffer): void => {
      let at = 0;
      while (at < data.length) {
        if (payloadLeft > 0) {
          const n = Math.min(payloadLeft, data.length - at);
          if (opcode === 2 || opcode === 0) handler(data.subarray(at, at + n));
          payloadLeft -= n;
          at += n;
          continue;
        }
        // Frame header: 2 bytes, + 2 or 8 length bytes (server frames are not masked).
        const bytes = pending.length > 0 ? Buffer.concat([pending, data.subarray(at)]) : data.subarray(at);
        if (bytes.length < 2) return void (pending = Buffer.from(bytes));
        const short = (bytes[1] ?? 0) & 0x7f;
        const size = short === 126 ? 4 : short === 127 ? 10 : 2;
        if (bytes.length < size) return void (pending = Buffer.from(bytes));
        const frameOpcode = (bytes[0] ?? 0) & 0x0f;
        if (frameOpcode !== 0) opcode = frameOpcode;
        payloadLeft = short === 126 ? bytes.readUInt16BE(2) : short === 127 ? Number(bytes.readBigUInt64BE(2)) : short;
        at += size - pending.length;
        pending = Buffer.alloc(0);
        if (frameOpcode === 8) socket.end();
        if (frameOpcode === 9) socket.write(maskedFrame(10, Buffer.alloc(0))); // pong (payload-less ping)
      }
    };

    socket.on('data', (data: Buffer) => {
      if (head === null) return onFrames(data);
      head = Buffer.concat([head, data]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const response = head.subarray(0, end).toString('latin1');
      const rest = head.subarray(end + 4);
      head = null;
      if (!/^HTTP\/1\.1 101 /.test(response) || !response.includes(accept)) {
        reject(new Error(`upgrade failed: ${response.split('\r\n')[0]}`));
        socket.destroy();
        return;
      }
      resolve({
        write: (payload) => void socket.write(maskedFrame(2, payload)),
        onData: (next) => (handler = next),
        ended,
        close: () => {
          const code = Buffer.alloc(2);
          code.writeUInt16BE(1000, 0);
          socket.write(maskedFrame(8, code));
          socket.end();
          // A relay still busy sending may answer the close late: do not wait for it for ever.
          setTimeout(() => socket.destroy(), 2000).unref();
        },
      });
      if (rest.length > 0) onFrames(rest);
    });
  });
}
