// The HTTP transport's routes, one per engine method of the contract, in one table that both ends
// derive from: the headless host decodes requests with it, the renderer's HTTP client encodes calls
// with it. The clipboard methods have no route: a browser answers them itself.
import type { EngineMethodName } from './api';

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A request as the route sees it: path parameters, query parameters and a JSON body. */
export interface HttpRequestParts {
  params: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}

export interface HttpRoute {
  verb: HttpVerb;
  /** Path with `:name` parameters, e.g. /api/sessions/:id/viewer. */
  path: string;
  /** Status of a successful answer. */
  status: number;
  /** Call arguments -> request parts (the renderer's side). */
  encode(args: readonly unknown[]): HttpRequestParts;
  /** Request parts -> raw call arguments, validated afterwards by dispatch() (the host's side). */
  decode(parts: HttpRequestParts): unknown[];
}

const none = (): HttpRequestParts => ({ params: {}, query: {} });
const byId = (args: readonly unknown[]): HttpRequestParts => ({ params: { id: String(args[0]) }, query: {} });
const idArg = (parts: HttpRequestParts): unknown[] => [parts.params.id];

/** Query-string keys that carry numbers. */
const NUMERIC_QUERY_KEYS = new Set(['limit', 'from', 'to']);

/** A query object -> string values, dropping undefined. */
function toQuery(value: unknown): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, item] of Object.entries((value ?? {}) as Record<string, unknown>)) {
    if (item !== undefined) query[key] = String(item);
  }
  return query;
}

/** String values -> a query object; numeric keys become numbers when they look like one. */
function fromQuery(query: Record<string, string>): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(query)) {
    value[key] = NUMERIC_QUERY_KEYS.has(key) && /^-?\d+$/.test(text) ? Number(text) : text;
  }
  return value;
}

const queryRoute = (path: string): HttpRoute => ({
  verb: 'GET',
  path,
  status: 200,
  encode: (args) => ({ params: {}, query: toQuery(args[0]) }),
  decode: (parts) => [fromQuery(parts.query)],
});

export const HTTP_ROUTES: Record<EngineMethodName, HttpRoute> = {
  listTypes: { verb: 'GET', path: '/api/types', status: 200, encode: none, decode: () => [] },
  listSessions: { verb: 'GET', path: '/api/sessions', status: 200, encode: none, decode: () => [] },
  getSession: { verb: 'GET', path: '/api/sessions/:id', status: 200, encode: byId, decode: idArg },
  startSession: {
    verb: 'POST',
    path: '/api/sessions',
    status: 201,
    encode: (args) => ({ params: {}, query: {}, body: args[0] }),
    decode: (parts) => [parts.body],
  },
  stopSession: { verb: 'DELETE', path: '/api/sessions/:id', status: 200, encode: byId, decode: idArg },
  renameSession: {
    verb: 'PUT',
    path: '/api/sessions/:id/label',
    status: 200,
    encode: (args) => ({ params: { id: String(args[0]) }, query: {}, body: { label: args[1] } }),
    decode: (parts) => [parts.params.id, (parts.body as { label?: unknown } | undefined)?.label],
  },
  openViewer: {
    verb: 'POST',
    path: '/api/sessions/:id/viewer',
    status: 200,
    encode: (args) => ({ params: { id: String(args[0]) }, query: {}, body: args[1] ?? {} }),
    decode: (parts) => [parts.params.id, parts.body ?? {}],
  },
  extendSession: { verb: 'POST', path: '/api/sessions/:id/extend', status: 200, encode: byId, decode: idArg },
  getThumbnail: { verb: 'GET', path: '/api/sessions/:id/thumbnail', status: 200, encode: byId, decode: idArg },
  createShare: {
    verb: 'POST',
    path: '/api/sessions/:id/shares',
    status: 201,
    encode: (args) => ({ params: { id: String(args[0]) }, query: {}, body: args[1] }),
    decode: (parts) => [parts.params.id, parts.body],
  },
  listShares: { verb: 'GET', path: '/api/sessions/:id/shares', status: 200, encode: byId, decode: idArg },
  revokeShare: {
    verb: 'DELETE',
    path: '/api/sessions/:id/shares/:share',
    status: 200,
    encode: (args) => ({ params: { id: String(args[0]), share: String(args[1]) }, query: {} }),
    decode: (parts) => [parts.params.id, parts.params.share],
  },
  getSettings: { verb: 'GET', path: '/api/settings', status: 200, encode: none, decode: () => [] },
  updateSettings: {
    verb: 'PUT',
    path: '/api/settings',
    status: 200,
    encode: (args) => ({ params: {}, query: {}, body: args[0] }),
    decode: (parts) => [parts.body],
  },
  getConfigStatus: { verb: 'GET', path: '/api/config', status: 200, encode: none, decode: () => [] },
  getAbout: { verb: 'GET', path: '/api/about', status: 200, encode: none, decode: () => [] },
  listSecrets: { verb: 'GET', path: '/api/secrets', status: 200, encode: none, decode: () => [] },
  setSecret: {
    verb: 'PUT',
    path: '/api/secrets/:name',
    status: 200,
    encode: (args) => ({ params: { name: String(args[0]) }, query: {}, body: { value: args[1] } }),
    decode: (parts) => [parts.params.name, (parts.body as { value?: unknown } | undefined)?.value],
  },
  deleteSecret: {
    verb: 'DELETE',
    path: '/api/secrets/:name',
    status: 200,
    encode: (args) => ({ params: { name: String(args[0]) }, query: {} }),
    decode: (parts) => [parts.params.name],
  },
  getKiosk: { verb: 'GET', path: '/api/kiosk', status: 200, encode: none, decode: () => [] },
  restartKiosk: { verb: 'POST', path: '/api/kiosk/restart', status: 200, encode: none, decode: () => [] },
  openKioskViewer: {
    verb: 'POST',
    path: '/api/kiosk/viewer',
    status: 200,
    encode: (args) => ({ params: {}, query: {}, body: args[0] ?? {} }),
    decode: (parts) => [parts.body ?? {}],
  },
  unlockKiosk: {
    verb: 'POST',
    path: '/api/kiosk/unlock',
    status: 200,
    encode: (args) => ({ params: {}, query: {}, body: { pin: args[0] } }),
    decode: (parts) => [(parts.body as { pin?: unknown } | undefined)?.pin],
  },
  listHistory: queryRoute('/api/history'),
  listAudit: queryRoute('/api/audit'),
  getMetrics: queryRoute('/api/metrics'),
};

/** What a kiosk page may call: the kiosk's own methods and nothing else (the host's kiosk-scoped cookie). */
export const KIOSK_METHODS: readonly EngineMethodName[] = ['getKiosk', 'restartKiosk', 'openKioskViewer', 'unlockKiosk'];

/** Server-Sent Events stream of DeckEvent, one JSON object per `data:` line. */
export const EVENTS_PATH = '/api/events';

/** Fills a route's path template. */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/:([a-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

/** Matches a concrete path against a template, returning its parameters. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = new RegExp(`^${template.replace(/:([a-z]+)/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
  const match = pattern.exec(path);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  try {
    names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? '')));
  } catch {
    return undefined;
  }
  return params;
}
