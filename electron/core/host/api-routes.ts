// The host's side of the HTTP transport: finds the contract method for a request in the shared
// route table and hands the decoded arguments to dispatch(), the same entry the IPC transport uses.
import { ENGINE_METHOD_NAMES, type EngineMethodName, type SessionDeckMethods } from '../../shared/api';
import { dispatch } from '../../shared/dispatch';
import { ApiError } from '../../shared/errors';
import { HTTP_ROUTES, matchPath, type HttpRequestParts } from '../../shared/http-routes';

export interface RouteMatch {
  method: EngineMethodName;
  params: Record<string, string>;
  /** Whether the request carries a JSON body. */
  hasBody: boolean;
  status: number;
}

/** Finds the route for a request; not_found when no path matches, bad_request for a wrong verb. */
export function matchRoute(verb: string, path: string): RouteMatch {
  const candidates = ENGINE_METHOD_NAMES.map((method) => ({ method, route: HTTP_ROUTES[method], params: matchPath(HTTP_ROUTES[method].path, path) })).filter(
    (candidate) => candidate.params !== undefined,
  );
  if (candidates.length === 0) throw new ApiError('not_found', `no API route ${path}`);
  const found = candidates.find((candidate) => candidate.route.verb === verb);
  if (!found) throw new ApiError('bad_request', `${verb} is not allowed on ${path} (allowed: ${candidates.map((c) => c.route.verb).join(', ')})`);
  return { method: found.method, params: found.params!, hasBody: found.route.verb === 'POST' || found.route.verb === 'PUT', status: found.route.status };
}

/** Decodes, then validates and calls through dispatch(). */
export function callRoute(api: SessionDeckMethods, match: RouteMatch, parts: HttpRequestParts): Promise<unknown> {
  return dispatch(api, match.method, HTTP_ROUTES[match.method].decode(parts));
}
