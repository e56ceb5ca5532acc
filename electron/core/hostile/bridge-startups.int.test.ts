// Anyone on this machine can open TCP connections to the bridge. 256 idle sockets kept open used to
// keep every ticketed viewer out (0 of 20 in 40 s): the connection cap was held from outside. Now a
// connection that has not sent its upgrade request gets a short deadline, startups are limited like
// OpenSSH's MaxStartups, and at the limit one picked at random makes room. Against a real Xvnc with VncAuth.
import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge, type Bridge, type BridgeOptions } from '../bridge';
import { RfbClient } from '../bridge/testing/rfb-client';
import { connectViewer } from '../bridge/testing/viewer-client';
import { startXvnc, type TestXvnc } from '../bridge/testing/xvnc';
import { withoutLeaks } from './leak-check';

const PASSWORD = 'startup1';
let xvnc: TestXvnc;

beforeAll(async () => {
  xvnc = await startXvnc('640x480', { password: PASSWORD });
});

afterAll(async () => {
  await xvnc?.stop();
});

/**
 * Another process (as an attacker would be) holds `count` idle sockets open on the bridge: each one
 * the bridge drops is opened again at once, until stop(). It reports how many it holds, every 50 ms.
 */
const HOLDER = `
const net = require('node:net');
const [port, count] = process.argv.slice(1).map(Number);
const live = new Set();
let opened = 0;
const openOne = () => {
  opened += 1;
  const socket = net.connect({ host: '127.0.0.1', port });
  live.add(socket);
  socket.on('error', () => {});
  socket.on('close', () => { live.delete(socket); setImmediate(openOne); });
};
for (let i = 0; i < count; i += 1) openOne();
setInterval(() => process.send({ open: [...live].filter((s) => !s.connecting && !s.destroyed).length, opened }), 50);
process.on('message', () => process.exit(0));
`;

async function holdSockets(port: number, count: number): Promise<{ open(): number; stop(): Promise<void> }> {
  const child = fork('-e', [HOLDER, String(port), String(count)], { execArgv: [], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let report = { open: 0, opened: 0 };
  child.on('message', (message) => (report = message as typeof report));
  await new Promise((resolve) => child.once('message', resolve));
  return {
    open: () => report.open,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** A ticketed viewer that, like the app's, tries again when its connection is dropped (until the test's timeout). */
async function ticketedViewer(bridge: Bridge): Promise<void> {
  for (;;) {
    const { url } = bridge.issueTicket('held', { host: '127.0.0.1', port: xvnc.rfbPort }, { shared: true, password: PASSWORD });
    try {
      const client = new RfbClient(await connectViewer(url));
      expect(await client.handshake(true)).toMatchObject({ width: 640, height: 480 });
      const closed = new Promise((resolve) => client.ws.once('close', resolve));
      client.ws.close(1000);
      await closed;
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * `viewers` ticketed viewers must all get in while an attacker holds the cap. The handshake
 * deadline is longer than the test's timeout, so only the limit on startups can make room for them.
 */
async function scenario(options: Partial<BridgeOptions>, viewers: number): Promise<void> {
  options = { handshakeTimeoutMs: 120_000, ...options };
  const bridge = createBridge({ allowedOrigins: [], allowMissingOrigin: true, ...options });
  await bridge.start();
  const rejected = new Map<string, number>();
  bridge.onActivity((event) => {
    if (event.kind === 'ticket_rejected') rejected.set(event.reason, (rejected.get(event.reason) ?? 0) + 1);
  });
  const cap = options.maxConnections ?? 256;
  const attacker = await holdSockets(bridge.port, cap);
  try {
    // The attacker holds as much as it can get (what the bridge keeps, and what waits to be accepted).
    await expect.poll(() => attacker.open(), { timeout: 5_000 }).toBeGreaterThanOrEqual(cap / 2);
    await Promise.all(Array.from({ length: viewers }, () => ticketedViewer(bridge)));
    expect(rejected.get('handshake_timeout') ?? 0).toBe(0);
    expect(rejected.get('too_many_startups') ?? 0).toBeGreaterThan(0);
    expect(attacker.open(), 'the attacker was still holding sockets').toBeGreaterThanOrEqual(cap / 2);
  } finally {
    await attacker.stop();
    await bridge.close();
  }
}

describe('the bridge\'s connection cap held from outside (hostile)', () => {
  it('lets 20 ticketed viewers in while 256 idle sockets try to hold the default cap', async () => {
    await withoutLeaks(() => scenario({}, 20), { fdSlack: 2 });
  });

  it('holds with a smaller cap too: 5 viewers in while 64 idle sockets try to hold it', async () => {
    await withoutLeaks(() => scenario({ maxConnections: 64 }, 5), { fdSlack: 2 });
  });

  it('drops idle sockets at the deadline', async () => {
    await withoutLeaks(async () => {
      const bridge = createBridge({ allowedOrigins: [], allowMissingOrigin: true, handshakeTimeoutMs: 300 });
      await bridge.start();
      const timeouts: number[] = [];
      bridge.onActivity((event) => event.kind === 'ticket_rejected' && event.reason === 'handshake_timeout' && timeouts.push(event.at));
      const sockets = await Promise.all(
        Array.from({ length: 10 }, () => new Promise<Socket>((resolve) => {
          const socket = connect({ host: '127.0.0.1', port: bridge.port }, () => resolve(socket));
          socket.on('error', () => undefined);
        })),
      );
      await Promise.all(sockets.map((socket) => new Promise((resolve) => socket.once('close', resolve))));
      expect(timeouts).toHaveLength(10);
      await bridge.close();
    });
  });
});
