// The host's HTTP transport without an engine: request body limits and event stream backpressure.
import { mkdir, writeFile } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionDeckApi } from '../../shared/api';
import { LOGIN_PAGE_CONTENT_SECURITY_POLICY, rendererContentSecurityPolicy } from '../../shared/csp';
import type { DeckEvent } from '../../shared/session';
import { makeTempDir, type TempDir } from '../testing/fixtures';
import { AccessControl } from './access-control';
import { STALLED_BUDGET_BYTES } from './event-stream';
import { HostServer } from './host-server';

const TOKEN = 'test-token-0123456789abcdef';
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A raw HTTP client: sends what it is given, collects what comes back, reads only if told to. */
function rawClient(port: number, head: string, options: { read: boolean }) {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  let received = '';
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  if (!options.read) socket.pause();
  socket.write(head);
  return { socket, closed, received: () => received };
}

describe('headless host transport', () => {
  let dir: TempDir;
  let host: HostServer;
  let emit: (event: DeckEvent) => void = () => undefined;

  beforeEach(async () => {
    dir = await makeTempDir('deck-transport');
    await mkdir(join(dir.path, 'renderer'));
    await writeFile(join(dir.path, 'renderer', 'index.html'), '<!doctype html><title>deck</title>');
    host = new HostServer({ access: new AccessControl(TOKEN), rendererDir: join(dir.path, 'renderer'), port: 0 });
    await host.listen();
    const api = { onEvent: (listener: (event: DeckEvent) => void) => ((emit = listener), () => undefined) };
    host.attach(api as unknown as SessionDeckApi, 1);
  });

  afterEach(async () => {
    await host.close();
    await dir.remove();
  });

  it('sends the one renderer policy with the page, and the login page its own', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy('ws://127.0.0.1:1'));
    const login = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(login.status).toBe(401);
    expect(login.headers.get('content-security-policy')).toBe(LOGIN_PAGE_CONTENT_SECURITY_POLICY);
  });

  it('answers 421 to a request for another Host name (DNS rebinding), even with the token', async () => {
    const misdirected = async (hostHeader: string) => {
      const client = rawClient(host.port, `GET /api/types HTTP/1.1\r\nHost: ${hostHeader}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`, { read: true });
      await Promise.race([client.closed, delay(3000)]);
      client.socket.destroy();
      return client.received().split('\r\n')[0];
    };
    expect(await misdirected(`attacker.example:${host.port}`)).toBe('HTTP/1.1 421 Misdirected Request');
    expect(await misdirected('127.0.0.1')).toBe('HTTP/1.1 421 Misdirected Request');
    const own = await fetch(`http://localhost:${host.port}/`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(own.status).toBe(200);
  });

  it('logs in with the token posted by the login form', async () => {
    const response = await fetch(`http://127.0.0.1:${host.port}/login`, {
      method: 'POST',
      body: new URLSearchParams({ token: TOKEN }),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/HttpOnly/);
  });

  it('takes a login link once and before it expires, and the token through the form only', async () => {
    let now = Date.UTC(2026, 0, 1);
    const timed = new HostServer({ access: new AccessControl(TOKEN, { now: () => now }), rendererDir: join(dir.path, 'renderer'), port: 0 });
    await timed.listen();
    try {
      const open = (url: string) => fetch(url, { redirect: 'manual' });
      const page = async (response: Response) => [response.status, /role="alert">([^<]*)</.exec(await response.text())?.[1]];
      const fresh = timed.loginUrl();
      expect((await open(fresh)).status).toBe(303);
      expect(await page(await open(fresh))).toEqual([401, expect.stringContaining('already used')]);
      const old = timed.loginUrl();
      now += 5 * 60_000 + 1;
      expect(await page(await open(old))).toEqual([401, expect.stringContaining('has expired: a link works for 5 minutes')]);
      const withToken = `http://127.0.0.1:${timed.port}/login?code=${TOKEN}`;
      expect(await page(await open(withToken))).toEqual([401, expect.stringContaining('does not work in a link')]);
      const viaQuery = await fetch(`http://127.0.0.1:${timed.port}/login?token=${TOKEN}`, { method: 'POST', redirect: 'manual' });
      expect(viaQuery.status).toBe(401);
      const wrong = await fetch(`http://127.0.0.1:${timed.port}/login`, { method: 'POST', body: new URLSearchParams({ token: 'nope' }), redirect: 'manual' });
      expect(await page(wrong)).toEqual([401, expect.stringContaining('not the access token')]);
      const plain = await open(`http://127.0.0.1:${timed.port}/login`);
      expect(await page(plain)).toEqual([401, undefined]);
    } finally {
      await timed.close();
    }
  });

  it('answers 413 to a login body declared too large without waiting for it', async () => {
    const head = `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n`;
    const client = rawClient(host.port, head + `token=${'x'.repeat(8192)}`, { read: true });
    await Promise.race([client.closed, delay(3000)]);
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    client.socket.destroy();
  });

  it('answers 413 as soon as a chunked login body passes the limit, the rest unsent', async () => {
    const head = `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const chunk = `token=${'x'.repeat(8000)}`;
    const client = rawClient(host.port, `${head}${chunk.length.toString(16)}\r\n${chunk}\r\n`, { read: true });
    await Promise.race([client.closed, delay(3000)]);
    expect(client.received()).toMatch(/^HTTP\/1\.1 413 /);
    client.socket.destroy();
  });

  it('drops an event reader that does not read, keeping what is queued bounded; a reader that reads gets everything', async () => {
    const head = `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`;
    const stuck = rawClient(host.port, head, { read: false });
    const reading = rawClient(host.port, head, { read: true });
    await expect.poll(() => host.eventStreamStats.clients).toBe(2);
    const big = 'x'.repeat(64 * 1024);
    const event: DeckEvent = { kind: 'config', config: { ok: false, error: big } as never };
    let peak = 0;
    for (let i = 0; i < 1000; i++) {
      emit(event);
      peak = Math.max(peak, host.eventStreamStats.queuedBytes);
      if (i % 2 === 1) await delay(2); // bursts of 128 KiB
    }
    // One socket buffer and one frame at most, never the 64 MB sent.
    // Within the budget plus a frame for each client, never the 64 MB sent.
    expect(peak).toBeLessThanOrEqual(2 * (STALLED_BUDGET_BYTES + 70_000));
    expect(host.eventStreamStats.clients).toBe(1);
    await expect.poll(() => reading.received().split(big).length - 1, { timeout: 10_000 }).toBe(1000);
    stuck.socket.destroy();
    reading.socket.destroy();
  });
});
