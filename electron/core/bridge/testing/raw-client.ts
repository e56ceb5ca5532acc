// Hand-made HTTP/WebSocket traffic for attacks the `ws` client would never send.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export function rawConnect(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

export function upgradeRequest(path: string, headers: Record<string, string> = {}): string {
  const all: Record<string, string> = {
    Host: '127.0.0.1',
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Protocol': 'binary',
    ...headers,
  };
  const lines = Object.entries(all).map(([key, value]) => `${key}: ${value}`);
  return `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** Sends `request` and collects everything until the server closes; resolves with the text. */
export async function sendAndReadToClose(port: number, request: string | Buffer): Promise<string> {
  const socket = await rawConnect(port);
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => resolve(text));
    socket.write(request);
  });
}

/** Upgrades by hand; resolves with the socket once the 101 head has been read. */
export async function rawUpgrade(port: number, path: string): Promise<{ socket: Socket; rest: Buffer }> {
  const socket = await rawConnect(port);
  socket.write(upgradeRequest(path));
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const onData = (data: Buffer) => {
      head = Buffer.concat([head, data]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.pause();
      const status = head.subarray(0, end).toString('latin1').split('\r\n')[0] ?? '';
      if (!status.includes(' 101 ')) reject(new Error(`upgrade refused: ${status}`));
      else resolve({ socket, rest: head.subarray(end + 4) });
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** A masked client frame (opcode 2 = binary, 1 = text) as RFC 6455 requires of clients. */
export function clientFrame(payload: Buffer, opcode = 2): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : length < 65536
        ? Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff])
        : (() => {
            const b = Buffer.alloc(10);
            b[0] = 0x80 | opcode;
            b[1] = 0x80 | 127;
            b.writeBigUInt64BE(BigInt(length), 2);
            return b;
          })();
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i += 1) masked[i] = (masked[i] ?? 0) ^ (mask[i & 3] ?? 0);
  return Buffer.concat([header, mask, masked]);
}

/**
 * Reads the frames the server sends until its close frame, answers it by closing the socket (as a
 * real client would) and resolves with its close code (null: closed without a close frame or code).
 */
export function serverCloseCode(socket: Socket, already: Buffer = Buffer.alloc(0)): Promise<number | null> {
  return new Promise((resolve) => {
    let buffer = already;
    const scan = (): boolean => {
      let at = 0;
      while (at + 2 <= buffer.length) {
        const opcode = (buffer[at] ?? 0) & 0x0f;
        let length = (buffer[at + 1] ?? 0) & 0x7f;
        let offset = at + 2;
        if (length === 126) {
          if (offset + 2 > buffer.length) return false;
          length = buffer.readUInt16BE(offset);
          offset += 2;
        } else if (length === 127) {
          if (offset + 8 > buffer.length) return false;
          length = Number(buffer.readBigUInt64BE(offset));
          offset += 8;
        }
        if (offset + length > buffer.length) return false;
        if (opcode === 8) {
          resolve(length >= 2 ? buffer.readUInt16BE(offset) : null);
          socket.destroy();
          return true;
        }
        at = offset + length;
      }
      return false;
    };
    socket.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      scan();
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve(null));
    if (!scan()) socket.resume();
  });
}

/** Polls a condition (for state outside our event reach, like /proc counts or the X pointer). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
