// The headless host's transport: JSON over HTTP on the page's own origin, events over Server-Sent
// Events. Authentication is the HttpOnly cookie the host set when the printed URL was opened.
import type { SessionDeckApi } from '../../../electron/shared/api';
import { ApiError, type ApiErrorCode, isApiErrorCode } from '../../../electron/shared/errors';
import type { DeckEvent, SessionInfo, SessionTypeInfo, ViewerAccess } from '../../../electron/shared/session';
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
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    if (error && isApiErrorCode(error.code) && typeof error.message === 'string') {
      return new ApiError(error.code, error.message);
    }
  } catch {
    // Not JSON (a proxy's error page, an empty body, ...): fall through to the status.
  }
  const detail = bodyText.trim().slice(0, 200);
  const summary = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return new ApiError(codeForStatus(status), detail ? `${summary}: ${detail}` : summary);
}

export function createHttpApi(options: HttpTransportOptions = {}): SessionDeckApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const createEventSource =
    options.createEventSource ?? ((url: string) => new EventSource(url) as unknown as EventSourceLike);

  async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (method === 'POST') {
      // A JSON content type also makes any cross-origin attempt a preflighted request the host refuses.
      init.headers = { Accept: 'application/json', 'Content-Type': 'application/json' };
      init.body = JSON.stringify(body ?? {});
    }
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, init);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError('internal', `Cannot reach the Session Deck host (${reason})`);
    }
    const text = await response.text();
    if (!response.ok) throw errorFromResponse(response.status, response.statusText, text);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError('internal', `Malformed reply from the Session Deck host for ${method} ${path}`);
    }
  }

  const sessionPath = (id: string) => `/api/sessions/${encodeURIComponent(id)}`;

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
    const created = createEventSource(`${baseUrl}/api/events`);
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

  const api: SessionDeckApi = {
    listTypes: () => request<SessionTypeInfo[]>('GET', '/api/types'),
    listSessions: () => request<SessionInfo[]>('GET', '/api/sessions'),
    getSession: (id) => request<SessionInfo>('GET', sessionPath(id)),
    startSession: (startRequest) =>
      request<SessionInfo>('POST', '/api/sessions', { type: startRequest.type, size: startRequest.size }),
    stopSession: (id) => request<SessionInfo>('DELETE', sessionPath(id)),
    openViewer: (id) => request<ViewerAccess>('POST', `${sessionPath(id)}/viewer`),
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
