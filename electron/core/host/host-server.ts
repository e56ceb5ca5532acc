// The headless host: the built renderer and the HTTP + Server-Sent Events transport of the API,
// on 127.0.0.1 only, every API call authenticated, requests for other Host names and cross-origin
// requests refused.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionDeckApi } from '../../shared/api';
import { ApiError, HTTP_STATUS, toErrorBody } from '../../shared/errors';
import { LOGIN_PAGE_CONTENT_SECURITY_POLICY, rendererContentSecurityPolicy } from '../../shared/csp';
import { EVENTS_PATH, KIOSK_METHODS } from '../../shared/http-routes';
import type { KioskUnlockResult } from '../../shared/kiosk';
import type { MetricsRow } from '../../shared/journal';
import { metricsToCsv } from '../../shared/metrics-csv';
import type { AccessControl, AccessScope, LoginResult } from './access-control';
import { callRoute, matchRoute } from './api-routes';
import { EventStreams, type EventStreamStats } from './event-stream';
import { isAddressedTo, ownAuthorities, sendMisdirected } from './host-header';
import { loginProblem, renderLoginPage } from './login-page';
import { BodyTooLargeError, readBody } from './request-body';
import { KIOSK_PAGE_PATH, serveStatic } from './static-files';
import { handleShareRoute, type ShareGate } from './share-routes';
import { SHARE_PATH_PREFIX } from '../../shared/share';

export interface HostServerOptions {
  access: AccessControl;
  /** Directory of the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. Always bound to 127.0.0.1. */
  port: number;
  /** Server-Sent Events keep-alive comment interval. */
  keepAliveMs?: number;
  /** Kiosk mode: /kiosk opens without a login, with access to the kiosk's own methods only. */
  kiosk?: boolean;
}

const MAX_BODY_BYTES = 64 * 1024;
/** A login form holds one token (43 characters); nothing legitimate comes near this. */
const MAX_LOGIN_BODY_BYTES = 4096;
const LOOPBACK = '127.0.0.1';

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(text);
}

function sendCsv(response: ServerResponse, text: string, filename: string): void {
  response.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(text);
}

const sendError = (response: ServerResponse, error: unknown): void => {
  const body = toErrorBody(error);
  sendJson(response, HTTP_STATUS[body.code], { error: body });
};

/** Reads a JSON body; an empty body is undefined (e.g. POST /extend). */
async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request, MAX_BODY_BYTES);
  if (body.length === 0) return undefined;
  // A JSON content type cannot be sent cross-site without a CORS preflight, which we never grant.
  if (!(request.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new ApiError('bad_request', 'expected Content-Type: application/json');
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new ApiError('bad_request', 'request body is not valid JSON');
  }
}

export class HostServer {
  private readonly server: Server;
  private api: SessionDeckApi | undefined;
  private shares: ShareGate | undefined;
  private bridgeOrigin = '';
  private readonly eventStreams: EventStreams;

  constructor(private readonly options: HostServerOptions) {
    this.eventStreams = new EventStreams(options.keepAliveMs ?? 15_000);
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (response.headersSent) response.destroy();
        else if (error instanceof BodyTooLargeError) {
          // Close the connection: the rest of the body is not read.
          sendJson(response, 413, { error: { code: 'bad_request', message: error.message } }, { Connection: 'close' });
        } else sendError(response, error);
      });
    });
  }

  /** Listens on 127.0.0.1; the API answers 503 until attach(). */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host: LOOPBACK, port: this.options.port }, () => resolve());
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The origins a page of this host has, for the bridge's Origin allow-list. */
  get origins(): string[] {
    return [`http://${LOOPBACK}:${this.port}`, `http://localhost:${this.port}`];
  }

  /** Connects the API implementation (and the share links' gate) once the engine is up. */
  attach(api: SessionDeckApi, bridgePort: number, shares?: ShareGate): void {
    this.api = api;
    this.shares = shares;
    this.bridgeOrigin = `ws://${LOOPBACK}:${bridgePort}`;
    api.onEvent((event) => this.eventStreams.broadcast(event));
  }

  loginUrl(): string {
    return `http://${LOOPBACK}:${this.port}/login?code=${this.options.access.newLoginCode()}`;
  }

  /** Server-Sent Events clients and what is queued for them (bounded: slow readers are dropped). */
  get eventStreamStats(): EventStreamStats {
    return this.eventStreams.stats;
  }

  async close(): Promise<void> {
    this.eventStreams.closeAll();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const authorities = ownAuthorities(this.port);
    if (!isAddressedTo(request, authorities)) return sendMisdirected(response, authorities);
    const url = new URL(request.url ?? '/', `http://${LOOPBACK}`);
    const method = request.method ?? 'GET';
    this.refuseCrossOrigin(request, method);

    if (url.pathname === '/login') return this.handleLogin(request, response, url, method);
    // Share links open without a login: the link's key is the credential.
    if (url.pathname.startsWith(SHARE_PATH_PREFIX)) {
      const context = { gate: this.shares, rendererDir: this.options.rendererDir, bridgeOrigin: this.bridgeOrigin, sendJson: (status: number, body: unknown) => sendJson(response, status, body) };
      if (await handleShareRoute(request, response, url.pathname, method, context)) return;
      throw new ApiError('not_found', `no share page ${url.pathname}`);
    }
    let scope = this.options.access.scopeOf(request);
    const kioskPage = url.pathname === KIOSK_PAGE_PATH && (method === 'GET' || method === 'HEAD');
    if (kioskPage && scope === undefined && this.options.kiosk) {
      // The kiosk's screen opens by itself; its cookie reaches the kiosk's methods and nothing else.
      response.setHeader('Set-Cookie', this.options.access.kioskCookieHeader());
      scope = 'kiosk';
    }
    if (scope === undefined) {
      if (url.pathname.startsWith('/api/')) throw new ApiError('unauthenticated', 'Not logged in (the host may have restarted): open the login link the host printed, or log in with its access token');
      return this.sendLoginPage(response);
    }
    if (url.pathname === EVENTS_PATH) return this.eventStreams.open(request, response, scope === 'kiosk' ? (event) => event.kind === 'kiosk' : undefined);
    if (scope === 'kiosk' && !url.pathname.startsWith('/api/') && !kioskPage && (url.pathname === '/' || url.pathname.endsWith('.html'))) {
      response.writeHead(303, { Location: KIOSK_PAGE_PATH, 'Cache-Control': 'no-store' });
      response.end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const api = this.api;
      if (!api) {
        sendJson(response, 503, { error: { code: 'internal', message: 'Session Deck is starting' } });
        return;
      }
      const match = matchRoute(method, url.pathname);
      if (scope === 'kiosk' && !KIOSK_METHODS.includes(match.method)) throw new ApiError('forbidden', 'the kiosk screen may only use the kiosk; leave kiosk mode with the admin PIN first');
      const body = match.hasBody ? await readJsonBody(request) : undefined;
      // ?format=csv asks for a download of the same answer; only metrics have a CSV form.
      const query = Object.fromEntries(url.searchParams);
      const format = query.format;
      delete query.format;
      if (format !== undefined && !(format === 'csv' && match.method === 'getMetrics') && format !== 'json') {
        throw new ApiError('bad_request', `format=${format} is not offered here (metrics: csv or json)`);
      }
      const result = await callRoute(api, match, { params: match.params, query, body });
      if (format === 'csv') sendCsv(response, metricsToCsv(result as MetricsRow[]), 'session-deck-metrics.csv');
      else sendJson(response, match.status, result, this.unlockCookie(match.method, result, scope));
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw new ApiError('bad_request', `${method} is not allowed here`);
    const served = await serveStatic(this.options.rendererDir, url.pathname, response, rendererContentSecurityPolicy(this.bridgeOrigin));
    if (!served) sendJson(response, 404, { error: { code: 'not_found', message: `no file ${url.pathname}` } });
  }

  /** A right PIN on a kiosk page gives that browser the full UI, as a login would. */
  private unlockCookie(method: string, result: unknown, scope: AccessScope): Record<string, string> {
    if (method !== 'unlockKiosk' || scope !== 'kiosk' || !(result as KioskUnlockResult).unlocked) return {};
    return { 'Set-Cookie': this.options.access.grantBrowserSession() };
  }

  /** A browser sends Origin on cross-origin requests and on every non-GET: it must be ours. */
  private refuseCrossOrigin(request: IncomingMessage, method: string): void {
    const origin = request.headers.origin;
    if (origin !== undefined && !this.origins.includes(origin)) {
      throw new ApiError('forbidden', `cross-origin request from ${origin} refused`);
    }
    const site = request.headers['sec-fetch-site'];
    if (method !== 'GET' && site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new ApiError('forbidden', 'cross-site request refused');
    }
  }

  /** GET /login?code= takes a login link's code only; POST /login (the form) the access token only. */
  private async handleLogin(request: IncomingMessage, response: ServerResponse, url: URL, method: string): Promise<void> {
    const { access } = this.options;
    let result: LoginResult;
    if (method === 'POST') {
      const token = new URLSearchParams((await readBody(request, MAX_LOGIN_BODY_BYTES)).toString('utf8')).get('token')?.trim();
      result = token ? access.loginWithToken(token) : { refused: 'wrong_token' };
    } else {
      const code = method === 'GET' ? url.searchParams.get('code')?.trim() : undefined;
      if (!code) return this.sendLoginPage(response);
      result = access.redeemLoginCode(code);
    }
    if ('refused' in result) return this.sendLoginPage(response, loginProblem(result.refused, access.loginCodeTtlMs));
    // Redirect so the single-use code leaves the address bar and the history.
    response.writeHead(303, { Location: '/', 'Set-Cookie': access.cookieHeader(result.session), 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    response.end();
  }

  private sendLoginPage(response: ServerResponse, problem?: string): void {
    response.writeHead(401, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': LOGIN_PAGE_CONTENT_SECURITY_POLICY,
      'Cache-Control': 'no-store',
      // Not no-referrer: Chromium would then send the form's POST with `Origin: null`, which is refused.
      'Referrer-Policy': 'same-origin',
    });
    response.end(renderLoginPage({ ...(problem ? { problem } : {}), linkTtlMs: this.options.access.loginCodeTtlMs }));
  }
}
