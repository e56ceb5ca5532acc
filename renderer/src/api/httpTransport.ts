// The headless host's transport: JSON over HTTP on the page's own origin, every engine call derived
// from the shared route table (HTTP_ROUTES), events over Server-Sent Events. Authentication is the
// HttpOnly cookie the host set when the printed URL was opened. The clipboard methods are the
// browser's own clipboard: the host runs on the same machine, whose clipboard the browser has; the
// window's memory is the page's local storage.
import { ENGINE_METHOD_NAMES, type ClipboardMethods, type DeckClient, type EngineMethodName, type SessionDeckMethods } from '../../../electron/shared/api';
import { dispatch } from '../../../electron/shared/dispatch';
import { ApiError, type ApiErrorCode, isApiErrorCode } from '../../../electron/shared/errors';
import { EVENTS_PATH, fillPath, HTTP_ROUTES, type HttpRoute } from '../../../electron/shared/http-routes';
import type { DeckEvent } from '../../../electron/shared/session';
import { browserUiMemory, pageStorage, type KeyValueStorage } from './browserUiMemory';
import { parseDeckEvent } from './events';

/** The part of EventSource this transport uses, so tests can inject a fake. */
export interface EventSourceLike {
  /** 0 connecting, 1 open, 2 closed (the browser gave up, e.g. after an HTTP error status). */
  readonly readyState: number;
  onmessage: ((event: { data: unknown }) => void) | null;
  onopen: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

export interface HttpTransportOptions {
  /** Prefix for every path; '' means the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  /** Delay before reopening a stream the browser gave up on. */
  reopenDelayMs?: number;
  /** The browser's async clipboard (navigator.clipboard); absent where the page may not use it. */
  clipboard?: { readText(): Promise<string>; writeText(text: string): Promise<void> } | null;
  /** Where the window's memory is kept (the page's localStorage unless given; null: nowhere). */
  storage?: KeyValueStorage | null;
}

const EVENT_SOURCE_CLOSED = 2;

/** Fallback codes when an error response carries no usable body. */
function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 501:
      return 'not_supported';
    case 503:
      return 'at_capacity';
    default:
      return 'internal';
  }
}

/** Maps a non-2xx response (status and raw body text) to the ApiError it stands for. */
export function errorFromResponse(status: number, statusText: string, bodyText: string): ApiError {
  try {
    const parsed: unknown = JSON.parse(bodyText);
    const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    if (error && isApiErrorCode(error.code) && typeof error.message === 'string') {
      const details = error.details;
      return new ApiError(
        error.code,
        error.message,
        typeof details === 'object' && details !== null && !Array.isArray(details)
          ? (details as Record<string, unknown>)
          : undefined,
      );
    }
  } catch {
    // Not JSON (a proxy's error page, an empty body, ...): fall through to the status.
  }
  const detail = bodyText.trim().slice(0, 200);
  const summary = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return new ApiError(codeForStatus(status), detail ? `${summary}: ${detail}` : summary);
}

/** The URL and init of one call, derived from its route in HTTP_ROUTES (the host decodes with the same table). */
export function requestFor(route: HttpRoute, args: readonly unknown[], baseUrl = ''): { url: string; init: RequestInit } {
  const parts = route.encode(args);
  const search = new URLSearchParams(parts.query).toString();
  const url = `${baseUrl}${fillPath(route.path, parts.params)}${search ? `?${search}` : ''}`;
  const init: RequestInit = { method: route.verb, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (route.verb === 'POST' || route.verb === 'PUT') {
    // A JSON content type also makes any cross-origin attempt a preflighted request the host refuses.
    init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
    init.body = JSON.stringify(parts.body ?? {});
  }
  return { url, init };
}

/** The contract's clipboard methods on the browser's clipboard, checked like any other call. */
function browserClipboard(clipboard: HttpTransportOptions['clipboard']): ClipboardMethods {
  const access = () => {
    if (!clipboard) throw new ApiError('not_supported', 'This browser does not let the page use the clipboard');
    return clipboard;
  };
  const local: ClipboardMethods = {
    readClipboard: async () => access().readText(),
    writeClipboard: async (text) => access().writeText(text),
  };
  return {
    readClipboard: (...args) => dispatch(local, 'readClipboard', args),
    writeClipboard: (...args) => dispatch(local, 'writeClipboard', args),
  };
}

export function createHttpApi(options: HttpTransportOptions = {}): DeckClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const createEventSource =
    options.createEventSource ?? ((url: string) => new EventSource(url) as unknown as EventSourceLike);

  async function request(name: EngineMethodName, args: readonly unknown[]): Promise<unknown> {
    const route = HTTP_ROUTES[name];
    const { url, init } = requestFor(route, args, baseUrl);
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError('unreachable', `Cannot reach the Session Deck host (${reason})`);
    }
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response.status, response.statusText, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiError('internal', `Malformed reply from the Session Deck host for ${route.verb} ${route.path}`);
    }
  }

  // Every engine method of the contract, each derived from its route: no URL is written by hand here.
  const methods = Object.fromEntries(
    ENGINE_METHOD_NAMES.map((name) => [name, (...args: unknown[]) => request(name, args)]),
  ) as unknown as SessionDeckMethods;
  const clipboard = browserClipboard(options.clipboard === undefined ? (globalThis.navigator?.clipboard ?? null) : options.clipboard);

  // One EventSource shared by every listener, opened with the first and closed with the last.
  // Each subscription is its own entry, so subscribing the same function twice needs two unsubscribes.
  const listeners = new Set<{ listener: (event: DeckEvent) => void }>();
  let source: EventSourceLike | null = null;
  let hadError = false;
  let reopenTimer: ReturnType<typeof setTimeout> | null = null;
  const reopenDelayMs = options.reopenDelayMs ?? 5_000;

  function dispatch(event: DeckEvent): void {
    for (const entry of [...listeners]) {
      try {
        entry.listener(event);
      } catch (error) {
        console.error('Session Deck event listener failed', error);
      }
    }
  }

  function openSource(): EventSourceLike {
    const created = createEventSource(`${baseUrl}${EVENTS_PATH}`);
    created.onmessage = (message) => {
      const event = parseDeckEvent(message.data);
      if (event) dispatch(event);
      else console.warn('Session Deck: ignored a malformed event', message.data);
    };
    created.onerror = () => {
      hadError = true;
      // The browser retries a dropped stream by itself, but not one refused with an HTTP error
      // (the host restarting, a lost cookie): retry that one ourselves while anyone listens.
      if (created.readyState !== EVENT_SOURCE_CLOSED || reopenTimer || source !== created) return;
      reopenTimer = setTimeout(() => {
        reopenTimer = null;
        if (source !== created || listeners.size === 0) return;
        created.close();
        source = openSource();
      }, reopenDelayMs);
    };
    created.onopen = () => {
      if (!hadError) return;
      hadError = false;
      // Events sent while the stream was down are lost: resynchronise listeners with a fresh list.
      api.listTypes().then(
        (types) => dispatch({ kind: 'types', types }),
        (error: unknown) => console.warn('Session Deck: resync after reconnect failed', error),
      );
    };
    return created;
  }

  const api: DeckClient = {
    ...methods,
    ...clipboard,
    ...browserUiMemory(options.storage === undefined ? pageStorage() : options.storage),
    onEvent(listener) {
      const entry = { listener };
      listeners.add(entry);
      source ??= openSource();
      return () => {
        if (!listeners.delete(entry)) return;
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
          hadError = false;
          if (reopenTimer) clearTimeout(reopenTimer);
          reopenTimer = null;
        }
      };
    },
  };
  return api;
}
