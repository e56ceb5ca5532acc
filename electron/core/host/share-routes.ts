// The share page's routes, the only ones open without a login: the page itself (`/share/<id>`; its
// key stays in the fragment, which no browser sends), its own scripts and styles, and the trade of
// the key (POSTed in a JSON body, never in a URL) for a single-use view-only viewer ticket.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { rendererContentSecurityPolicy } from '../../shared/csp';
import { ApiError } from '../../shared/errors';
import { SHARE_PATH_PREFIX, type ShareStatus, type ShareViewerAccess } from '../../shared/share';
import { readBody } from './request-body';
import { serveStatic } from './static-files';

/** What the share page may ask: both take the link's id and key. */
export interface ShareGate {
  openViewer(id: string, key: string): Promise<ShareViewerAccess>;
  status(id: string, key: string): ShareStatus;
}

export interface ShareRouteContext {
  gate: ShareGate | undefined;
  /** The built renderer; the share page is its `share/` folder. */
  rendererDir: string;
  bridgeOrigin: string;
  sendJson(status: number, body: unknown): void;
}

/** A key is 43 characters; nothing legitimate comes near this. */
const MAX_SHARE_BODY_BYTES = 1024;
const ROUTE = /^\/share\/([^/]+)(?:\/(viewer|status))?$/;

async function readKey(request: IncomingMessage): Promise<string> {
  const body = await readBody(request, MAX_SHARE_BODY_BYTES);
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) throw new ApiError('bad_request', 'expected Content-Type: application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('bad_request', 'request body is not valid JSON');
  }
  const key = (parsed as { key?: unknown } | null)?.key;
  if (typeof key !== 'string') throw new ApiError('bad_request', 'expected {"key": "<the part of the link after #>"}');
  return key;
}

/** Answers a request under /share/; false when the path is not a share route. */
export async function handleShareRoute(request: IncomingMessage, response: ServerResponse, path: string, method: string, context: ShareRouteContext): Promise<boolean> {
  const shareDir = join(context.rendererDir, 'share');
  if (path.startsWith(`${SHARE_PATH_PREFIX}assets/`)) {
    if (method !== 'GET' && method !== 'HEAD') throw new ApiError('bad_request', `${method} is not allowed here`);
    return serveStatic(shareDir, path.slice(SHARE_PATH_PREFIX.length - 1), response, rendererContentSecurityPolicy(context.bridgeOrigin));
  }
  const match = ROUTE.exec(path);
  const id = match?.[1];
  // Any id gets the page (a mistyped link is told so there); the store knows which ids exist.
  if (!match || !id) return false;
  const action = match[2];
  if (!action) {
    if (method !== 'GET' && method !== 'HEAD') throw new ApiError('bad_request', `${method} is not allowed here`);
    // One page for every share: it reads its id from the path and its key from the fragment.
    return serveStatic(shareDir, '/share.html', response, rendererContentSecurityPolicy(context.bridgeOrigin));
  }
  if (method !== 'POST') throw new ApiError('bad_request', `${method} is not allowed on ${path} (allowed: POST)`);
  const { gate } = context;
  if (!gate) throw new ApiError('not_supported', 'this host does not serve share links');
  const key = await readKey(request);
  if (action === 'status') context.sendJson(200, gate.status(id, key));
  else context.sendJson(200, await gate.openViewer(id, key));
  return true;
}
