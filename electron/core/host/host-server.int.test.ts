// The HTTP transport with the real engine and a real Xvnc: routes, status codes, authentication,
// cross-origin refusal, and events over Server-Sent Events.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionDeckEngine } from '../engine';
import { makeTempDir, writeSessionsFile, type TempDir } from '../testing/fixtures';
import { reserveDisplay } from '../testing/free-display';
import { AccessControl } from './access-control';
import { HostServer } from './host-server';

const TOKEN = 'test-token-0123456789abcdef';

// Response bodies are read as loosely typed JSON: the assertions check their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const json = (response: Response): Promise<Json> => response.json();
const TYPE = 'Host Test';

describe('headless host over HTTP', () => {
  let dir: TempDir;
  let engine: SessionDeckEngine;
  let host: HostServer;
  let base: string;

  const call = (path: string, init: RequestInit = {}, token: string | null = TOKEN) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(init.body ? { 'Content-Type': 'application/json' } : {}), ...init.headers },
    });

  beforeAll(async () => {
    dir = await makeTempDir('deck-host');
    const rendererDir = join(dir.path, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>deck</title>');
    const sessionsFile = await writeSessionsFile(dir.path, {
      [TYPE]: { script: 'xvnc', count: 1, options: { sizes: ['800x600'], display_base: await reserveDisplay() } },
    });
    host = new HostServer({ access: new AccessControl(TOKEN), rendererDir, port: 0 });
    await host.listen();
    engine = new SessionDeckEngine({ sessionsFile, dataDir: join(dir.path, 'data'), user: 'tester', userGroups: [], env: { PATH: process.env.PATH ?? '' }, allowedOrigins: host.origins, stopGraceMs: 2000 });
    await engine.start();
    host.attach(engine, engine.bridgePort);
    base = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    await engine?.close();
    await host?.close();
    await dir?.remove();
  });

  it('refuses API calls without a valid token, and serves a login page to a browser', async () => {
    expect((await call('/api/types', {}, null)).status).toBe(401);
    const wrong = await call('/api/types', {}, 'not-the-token-at-all');
    expect(wrong.status).toBe(401);
    expect(await json(wrong)).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    const page = await call('/', {}, null);
    expect(page.status).toBe(401);
    expect(await page.text()).toContain('Access token');
  });

  it('exchanges a login code once for an HttpOnly SameSite=Strict cookie', async () => {
    const url = new URL(host.loginUrl());
    const first = await fetch(url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const withCookie = await fetch(`${base}/api/types`, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(withCookie.status).toBe(200);
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(401);
  });

  it('serves the renderer with a CSP that allows the bridge only', async () => {
    const response = await call('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${engine.bridgePort}`);
    expect((await call('/../../etc/passwd')).status).toBe(404);
    expect((await call('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
  });

  it('refuses cross-origin requests', async () => {
    const response = await call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: TYPE, size: '800x600' }), headers: { Origin: 'http://evil.example' } });
    expect(response.status).toBe(403);
    expect((await json(response)).error.code).toBe('forbidden');
  });

  it('saves secrets by name and never answers with a value', async () => {
    const saved = await call('/api/secrets/lab-server', { method: 'PUT', body: JSON.stringify({ value: 'hunter2-hunter2' }) });
    expect(saved.status).toBe(200);
    const listed = await (await call('/api/secrets')).text();
    expect(JSON.parse(listed)).toEqual([{ name: 'lab-server', updatedAt: expect.any(Number) }]);
    expect(listed).not.toContain('hunter2');
    expect((await call('/api/secrets/bad%20name', { method: 'PUT', body: JSON.stringify({ value: 'x' }) })).status).toBe(400);
    expect((await call('/api/secrets/empty', { method: 'PUT', body: JSON.stringify({ value: '' }) })).status).toBe(400);
    expect(await json(await call('/api/secrets/lab-server', { method: 'DELETE' }))).toEqual([]);
    const audit = await json(await call('/api/audit?kind=settings_changed'));
    expect(JSON.stringify(audit)).not.toContain('hunter2');
    expect(audit.items.map((record: { details: { action: string } }) => record.details.action)).toEqual(['deleted', 'saved']);
  });

  it('maps errors to status codes with an error body', async () => {
    const unknown = await call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: 'Nope', size: '800x600' }) });
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error.code).toBe('unknown_type');
    const bad = await call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: TYPE, size: 'huge' }) });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('size') });
    const notJson = await call('/api/sessions', { method: 'POST', body: '{', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect((await call('/api/sessions/nope')).status).toBe(404);
    expect((await call('/api/nothing')).status).toBe(404);
  });

  it('starts, lists, opens a viewer for, and stops a session, with events', async () => {
    const events = await fetch(`${base}/api/events`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = events.body!.getReader();
    const received: string[] = [];
    const readEvents = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received.push(new TextDecoder().decode(value));
      }
    })();

    const started = await call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: TYPE, size: '800x600' }) });
    expect(started.status).toBe(201);
    const session = await json(started);
    expect(session).toMatchObject({ type: TYPE, index: 0, size: '800x600', state: 'ready' });

    const full = await call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: TYPE, size: '800x600' }) });
    expect(full.status).toBe(503);
    expect((await json(full)).error.code).toBe('at_capacity');

    expect((await json(await call('/api/sessions'))).map((s: { id: string }) => s.id)).toContain(session.id);
    const types = await json(await call('/api/types'));
    expect(types[0].slots[0]).toMatchObject({ index: 0, state: 'ready', sessionId: session.id, user: 'tester' });

    const viewer = await json(await call(`/api/sessions/${session.id}/viewer`, { method: 'POST' }));
    expect(viewer.url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${engine.bridgePort}/`));
    expect(viewer).toEqual({ url: viewer.url, viewOnly: false }); // a URL only: the bridge keeps the VNC password

    const stopped = await call(`/api/sessions/${session.id}`, { method: 'DELETE' });
    expect(await json(stopped)).toMatchObject({ id: session.id, state: 'terminated', cause: 'user_stopped' });
    expect(await json(await call(`/api/sessions/${session.id}`))).toMatchObject({ state: 'terminated' });

    await expect.poll(() => received.join('')).toContain('"state":"terminated"');
    const frames = received.join('').split('\n\n').filter((frame) => frame.startsWith('data: '));
    const states = frames.map((frame) => JSON.parse(frame.slice(6))).filter((e) => e.kind === 'session').map((e) => e.session.state);
    expect(states.filter((state: string, i: number) => state !== states[i - 1])).toEqual(['starting', 'ready', 'close_requested', 'terminated']);
    await reader.cancel();
    await readEvents.catch(() => undefined);

    const history = await json(await call(`/api/history?type=${encodeURIComponent(TYPE)}&limit=10`));
    expect(history.items[0]).toMatchObject({ id: session.id, cause: 'user_stopped' });
    const audit = await json(await call(`/api/audit?sessionId=${session.id}`));
    expect(audit.items.map((record: { kind: string }) => record.kind)).toEqual(['session_completed', 'session_started', 'session_created']);
    const metrics = await json(await call('/api/metrics'));
    expect(metrics[0]).toMatchObject({ type: TYPE, started: 1 });
    const csv = await call('/api/metrics?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await csv.text()).split('\r\n')[0]).toBe('day,type,started,failed,refused,totalDurationMs,meanDurationMs,peakConcurrent,bytesToViewer,bytesFromViewer,host,meanQueueWaitMs,maxQueueWaitMs');
    expect((await call('/api/history?limit=0')).status).toBe(400);
    expect((await call('/api/history?format=csv')).status).toBe(400);
  });
});
