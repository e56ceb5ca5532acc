// The HTTP transport's requests: routes derived from the contract, arguments, errors, clipboard.
import { describe, expect, it } from 'vitest';
import { session, sessionType } from '../testing/fakes';
import { fakeFetch, json, rejection } from './httpFakes';
import { ENGINE_METHOD_NAMES, METHOD_NAMES, type ArgsOf, type EngineMethodName } from '../../../electron/shared/api';
import { checkArgs } from '../../../electron/shared/dispatch';
import { HTTP_ROUTES, matchPath } from '../../../electron/shared/http-routes';
import { createHttpApi, errorFromResponse, requestFor } from './httpTransport';

describe('HTTP transport requests', () => {
  it('lists types with a same-origin GET', async () => {
    const types = [sessionType()];
    const { fetch, calls } = fakeFetch(() => json(200, types));
    await expect(createHttpApi({ fetch }).listTypes()).resolves.toEqual(types);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('/api/types');
    expect(calls[0]?.init.method).toBe('GET');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(calls[0]?.init.body).toBeUndefined();
  });

  it('starts a session with a JSON POST of exactly {type, size}', async () => {
    const started = session({ id: 'abc' });
    const { fetch, calls } = fakeFetch(() => json(201, started));
    await expect(createHttpApi({ fetch }).startSession({ type: 'desk', size: '1024x768' })).resolves.toEqual(started);
    const init = calls[0]?.init;
    expect(calls[0]?.url).toBe('/api/sessions');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({ 'Content-Type': 'application/json' });
    expect(JSON.parse(String(init?.body))).toEqual({ type: 'desk', size: '1024x768' });
  });

  it('uses the session id in the path, encoded', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, session()));
    const api = createHttpApi({ fetch });
    await api.getSession('a b/c');
    await api.stopSession('s1');
    await api.openViewer('s1');
    expect(calls.map((call) => `${call.init.method} ${call.url}`)).toEqual([
      'GET /api/sessions/a%20b%2Fc',
      'DELETE /api/sessions/s1',
      'POST /api/sessions/s1/viewer',
    ]);
    expect(calls[2]?.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
  });

  it('prefixes a base URL when given one', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, []));
    await createHttpApi({ fetch, baseUrl: 'http://127.0.0.1:9' }).listSessions();
    expect(calls[0]?.url).toBe('http://127.0.0.1:9/api/sessions');
  });
});

describe('HTTP transport derived from HTTP_ROUTES', () => {
  it('has every contract method, each calling its route', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const api = createHttpApi({ fetch });
    for (const name of METHOD_NAMES) expect(typeof api[name]).toBe('function');
    await api.extendSession('s/1');
    await api.getSettings();
    await api.updateSettings({ userLimit: 3 });
    await api.getConfigStatus();
    await api.openViewer('s1', { viewOnly: true });
    expect(calls.map((call) => `${call.init.method} ${call.url} ${String(call.init.body ?? '')}`)).toEqual([
      'POST /api/sessions/s%2F1/extend {}',
      'GET /api/settings ',
      'PUT /api/settings {"userLimit":3}',
      'GET /api/config ',
      'POST /api/sessions/s1/viewer {"viewOnly":true}',
    ]);
  });

  it('puts queries in the query string, leaving out what is unset', async () => {
    const { fetch, calls } = fakeFetch(() => json(200, { items: [] }));
    const api = createHttpApi({ fetch });
    await api.listHistory({ type: 'My desk', cause: undefined, limit: 50, cursor: 'abc' });
    await api.listAudit({});
    await api.getMetrics({ fromDay: '2026-11-01', toDay: '2026-11-21' });
    expect(calls.map((call) => call.url)).toEqual([
      '/api/history?type=My+desk&limit=50&cursor=abc',
      '/api/audit',
      '/api/metrics?fromDay=2026-11-01&toDay=2026-11-21',
    ]);
  });

  it('every request it builds is decoded back to the same arguments by the host side of the table', () => {
    const samples: { [K in EngineMethodName]: ArgsOf<K> } = {
      listTypes: [],
      listSessions: [],
      getSession: ['a_b-1'],
      startSession: [{ type: 'desk', size: '1024x768', label: 'Figures' }],
      stopSession: ['s1'],
      renameSession: ['s1', 'New name'],
      openViewer: ['s1', { viewOnly: true }],
      extendSession: ['s1'],
      getThumbnail: ['s1'],
      createShare: ['s1', { minutes: 60 }],
      listShares: ['s1'],
      revokeShare: ['s1', 'AAAAAAAAAAAAAAAAAAAAAA'],
      getSettings: [],
      updateSettings: [{ userLimit: 2 }],
      getConfigStatus: [],
      getAbout: [],
      listSecrets: [],
      setSecret: ['vnc.password', 's3cret'],
      deleteSecret: ['vnc.password'],
      listHistory: [{ type: 'desk', limit: 10, from: 5 }],
      listAudit: [{ kind: 'start_failed', cursor: 'c' }],
      getMetrics: [{ type: 'desk' }],
      getKiosk: [],
      restartKiosk: [],
      openKioskViewer: [{ viewOnly: true }],
      unlockKiosk: ['1234'],
    };
    for (const name of ENGINE_METHOD_NAMES) {
      const route = HTTP_ROUTES[name];
      const { url, init } = requestFor(route, samples[name]);
      const parsed = new URL(url, 'http://host');
      const params = matchPath(route.path, parsed.pathname);
      expect(params, name).toBeDefined();
      expect(init.method).toBe(route.verb);
      const body: unknown = init.body === undefined ? undefined : JSON.parse(String(init.body));
      const decoded = route.decode({ params: params ?? {}, query: Object.fromEntries(parsed.searchParams), body });
      expect(decoded, name).toEqual(samples[name]);
      // ... and the host's dispatch() accepts them as they arrive.
      expect(checkArgs(name, decoded), name).toEqual(samples[name]);
    }
  });
});

describe('HTTP transport clipboard', () => {
  const fakeClipboard = () => {
    const state = { text: 'local text' };
    return { state, clipboard: { readText: async () => state.text, writeText: async (text: string) => void (state.text = text) } };
  };

  it("answers the clipboard methods from the browser's own clipboard, without the host", async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const { state, clipboard } = fakeClipboard();
    const api = createHttpApi({ fetch, clipboard });
    await expect(api.readClipboard()).resolves.toBe('local text');
    await api.writeClipboard('from the desktop');
    expect(state.text).toBe('from the desktop');
    expect(calls).toEqual([]);
  });

  it('checks the text like any call, and says not_supported where the page has no clipboard', async () => {
    const { fetch } = fakeFetch(() => json(200, {}));
    const api = createHttpApi({ fetch, clipboard: fakeClipboard().clipboard });
    await expect(api.writeClipboard(42 as unknown as string)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('clipboard text: expected a string') });
    await expect(createHttpApi({ fetch, clipboard: null }).readClipboard()).rejects.toMatchObject({ code: 'not_supported' });
  });
});

describe('HTTP transport window memory', () => {
  it("keeps it in the page's storage, without the host, checked like any call", async () => {
    const { fetch, calls } = fakeFetch(() => json(200, {}));
    const data = new Map<string, string>();
    const api = createHttpApi({ fetch, storage: { getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) } });
    await expect(api.loadUiMemory()).resolves.toBeNull();
    await api.saveUiMemory({ openTabs: ['a'], sidebar: 'open' });
    await expect(api.loadUiMemory()).resolves.toEqual({ openTabs: ['a'], sidebar: 'open' });
    expect([...data.keys()]).toEqual(['session-deck.ui.v1']);
    await expect(api.saveUiMemory({ openTabs: [7] } as never)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('window memory: /openTabs/0') });
    expect(calls).toEqual([]);
    // Without any storage (a locked-down page), nothing is remembered and nothing fails.
    const forgetful = createHttpApi({ fetch, storage: null });
    await forgetful.saveUiMemory({ sidebar: 'open' });
    await expect(forgetful.loadUiMemory()).resolves.toBeNull();
  });
});

describe('HTTP transport error mapping', () => {
  it('keeps the details of an error body', async () => {
    const { fetch } = fakeFetch(() =>
      json(400, { error: { code: 'bad_request', message: 'bad settings', details: { problems: { userLimit: 'too big' } } } }),
    );
    const error = await rejection(createHttpApi({ fetch }).updateSettings({ userLimit: 999 }));
    expect(error.details).toEqual({ problems: { userLimit: 'too big' } });
  });

  it('throws the ApiError of an error body', async () => {
    const { fetch } = fakeFetch(() => json(503, { error: { code: 'at_capacity', message: 'No free slot of desk' } }));
    const error = await rejection(createHttpApi({ fetch }).startSession({ type: 'desk', size: '1024x768' }));
    expect(error.code).toBe('at_capacity');
    expect(error.message).toBe('No free slot of desk');
  });

  it.each([
    [400, 'bad_request'],
    [401, 'unauthenticated'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [503, 'at_capacity'],
    [502, 'internal'],
  ] as const)('falls back to the status (%i -> %s) when the body is not an error body', async (status, code) => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status, statusText: 'Nope' }));
    const error = await rejection(createHttpApi({ fetch }).listTypes());
    expect(error.code).toBe(code);
    expect(error.message).toBe(`HTTP ${status} Nope: <html>Bad Gateway</html>`);
  });

  it('does not trust an unknown code in an error body', () => {
    const error = errorFromResponse(500, '', JSON.stringify({ error: { code: 'rm -rf', message: 'x' } }));
    expect(error.code).toBe('internal');
    expect(error.message).toContain('HTTP 500');
  });

  it('maps an empty error body to the status alone', () => {
    const error = errorFromResponse(401, 'Unauthorized', '');
    expect(error.code).toBe('unauthenticated');
    expect(error.message).toBe('HTTP 401 Unauthorized');
  });

  it('turns a network failure into an ApiError that says the host is unreachable', async () => {
    const { fetch } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await rejection(createHttpApi({ fetch }).listSessions());
    expect(error.code).toBe('unreachable');
    expect(error.message).toContain('Failed to fetch');
  });

  it('turns a malformed success body into an ApiError', async () => {
    const { fetch } = fakeFetch(() => new Response('not json', { status: 200 }));
    const error = await rejection(createHttpApi({ fetch }).listTypes());
    expect(error.code).toBe('internal');
  });
});
