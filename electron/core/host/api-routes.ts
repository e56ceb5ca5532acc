// The HTTP transport of the API contract: each route maps to one contract method, with the same
// argument validation as the IPC transport.
import type { SessionDeckMethods } from '../../shared/api';
import { ApiError } from '../../shared/errors';
import { validateArgs } from '../../shared/validate';

export interface RouteResult {
  status: number;
  body: unknown;
}

type Handler = (api: SessionDeckMethods, params: string[], body: unknown) => Promise<RouteResult>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const ok = (body: unknown, status = 200): RouteResult => ({ status, body });

const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/api\/types$/, handler: async (api) => ok(await api.listTypes(...validateArgs.listTypes([]))) },
  { method: 'GET', pattern: /^\/api\/sessions$/, handler: async (api) => ok(await api.listSessions(...validateArgs.listSessions([]))) },
  { method: 'POST', pattern: /^\/api\/sessions$/, handler: async (api, _, body) => ok(await api.startSession(...validateArgs.startSession([body])), 201) },
  { method: 'GET', pattern: /^\/api\/sessions\/([^/]+)$/, handler: async (api, [id]) => ok(await api.getSession(...validateArgs.getSession([id]))) },
  { method: 'DELETE', pattern: /^\/api\/sessions\/([^/]+)$/, handler: async (api, [id]) => ok(await api.stopSession(...validateArgs.stopSession([id]))) },
  { method: 'POST', pattern: /^\/api\/sessions\/([^/]+)\/viewer$/, handler: async (api, [id]) => ok(await api.openViewer(...validateArgs.openViewer([id]))) },
];

/** Finds the route for a request; throws not_found / bad_request (405) when there is none. */
export function matchRoute(method: string, path: string): { handler: Handler; params: string[] } {
  const matching = ROUTES.filter((route) => route.pattern.test(path));
  if (matching.length === 0) throw new ApiError('not_found', `no API route ${path}`);
  const route = matching.find((candidate) => candidate.method === method);
  if (!route) throw new ApiError('bad_request', `${method} is not allowed on ${path} (allowed: ${matching.map((r) => r.method).join(', ')})`);
  let params: string[];
  try {
    params = (path.match(route.pattern) ?? []).slice(1).map((part) => decodeURIComponent(part));
  } catch {
    throw new ApiError('bad_request', `malformed path ${path}`);
  }
  return { handler: route.handler, params };
}

/** Methods with a request body. */
export const takesBody = (method: string): boolean => method === 'POST';
