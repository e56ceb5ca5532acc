// A VNC server's side of the RFB 3.8 handshake on a real TCP socket, for bridge tests that must not
// depend on Xvnc: VncAuth against a password (checked with the real DES response) or None, then a
// ServerInit, then it records what it receives.
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { SocketReader } from '../../vnc/rfb-client';
import { vncAuthResponse } from '../../vnc/vnc-auth';
import { startTcpServer, type TestTcpServer } from './tcp-servers';

export interface FakeRfbOptions {
  /** Offered security types, in order; default [2] (VncAuth). */
  securityTypes?: number[];
  /** The password VncAuth accepts. */
  password?: string;
  /** Stop after the banner: for handshake timeouts. */
  silentAfterBanner?: boolean;
  /** Hang up right after the banner and the client's version. */
  hangUpAfterVersion?: boolean;
  /** Send the banner only once this resolves (a server slow to answer). */
  bannerAfter?: Promise<void>;
}

export interface FakeRfbServer extends TestTcpServer {
  /** Bytes received after the client's ClientInit, per connection, in connection order. */
  readonly received: Buffer[];
  /** The ClientInit shared flag of each connection that got that far. */
  readonly sharedFlags: number[];
  /** How each connection's authentication went. */
  readonly outcomes: ('ok' | 'refused' | 'none')[];
}

const u32 = (value: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
};

export async function startFakeRfbServer(options: FakeRfbOptions = {}): Promise<FakeRfbServer> {
  const received: Buffer[] = [];
  const sharedFlags: number[] = [];
  const outcomes: ('ok' | 'refused' | 'none')[] = [];
  const types = options.securityTypes ?? [2];

  async function serve(socket: Socket): Promise<void> {
    const reader = new SocketReader(socket);
    await options.bannerAfter;
    socket.write('RFB 003.008\n');
    if (options.silentAfterBanner) return;
    await reader.read(12);
    if (options.hangUpAfterVersion) {
      socket.destroy();
      return;
    }
    socket.write(Buffer.from([types.length, ...types]));
    const chosen = (await reader.read(1))[0];
    if (chosen === 2) {
      const challenge = randomBytes(16);
      socket.write(challenge);
      const response = await reader.read(16);
      if (options.password === undefined || !response.equals(vncAuthResponse(options.password, challenge))) {
        outcomes.push('refused');
        const reason = Buffer.from('Authentication failure');
        socket.end(Buffer.concat([u32(1), u32(reason.length), reason]));
        return;
      }
      outcomes.push('ok');
    } else if (chosen === 1 && types.includes(1)) {
      outcomes.push('none');
    } else {
      socket.destroy();
      return;
    }
    socket.write(u32(0));
    sharedFlags.push((await reader.read(1))[0] ?? -1);
    const name = Buffer.from('fake');
    const init = Buffer.alloc(24);
    init.writeUInt16BE(640, 0);
    init.writeUInt16BE(480, 2);
    Buffer.from([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0]).copy(init, 4);
    init.writeUInt32BE(name.length, 20);
    socket.write(Buffer.concat([init, name]));
    const index = received.push(Buffer.alloc(0)) - 1;
    socket.removeAllListeners('data');
    socket.on('data', (data: Buffer) => (received[index] = Buffer.concat([received[index] ?? Buffer.alloc(0), data])));
  }

  const server = await startTcpServer((socket) => {
    serve(socket).catch(() => socket.destroy());
  });
  return Object.assign(server, { received, sharedFlags, outcomes }) as FakeRfbServer;
}
