// The Electron transport: the preload exposes `window.sessionDeck` (PreloadApi) with results wrapped
// as ApiResult, because an Error's code does not survive IPC. This unwraps them back into the contract.
import type { ApiResult, PreloadApi, SessionDeckApi } from '../../../electron/shared/api';
import { ApiError, isApiErrorCode } from '../../../electron/shared/errors';

/** Turns one wrapped result into its value, or throws the ApiError it carries. */
export function unwrapResult<T>(result: ApiResult<T>): T {
  if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
    throw new ApiError('internal', 'Malformed reply from the Session Deck app');
  }
  if (result.ok) return result.value;
  const { code, message, details } = result.error ?? {};
  throw new ApiError(
    isApiErrorCode(code) ? code : 'internal',
    typeof message === 'string' && message.length > 0 ? message : 'Unknown error from the Session Deck app',
    typeof details === 'object' && details !== null && !Array.isArray(details) ? details : undefined,
  );
}

async function call<T>(invoke: () => Promise<ApiResult<T>>): Promise<T> {
  let result: ApiResult<T>;
  try {
    result = await invoke();
  } catch (error) {
    // The IPC call itself failed (no handler, serialization error, ...): still an ApiError.
    throw new ApiError('internal', error instanceof Error ? error.message : String(error));
  }
  return unwrapResult(result);
}

export function createIpcApi(preload: PreloadApi): SessionDeckApi {
  // Written out method by method so the compiler catches any drift from the contract.
  const api: SessionDeckApi = {
    listTypes: () => call(() => preload.listTypes()),
    listSessions: () => call(() => preload.listSessions()),
    getSession: (id) => call(() => preload.getSession(id)),
    startSession: (request) => call(() => preload.startSession(request)),
    stopSession: (id) => call(() => preload.stopSession(id)),
    openViewer: (id, options) => call(() => preload.openViewer(id, options)),
    extendSession: (id) => call(() => preload.extendSession(id)),
    getSettings: () => call(() => preload.getSettings()),
    updateSettings: (patch) => call(() => preload.updateSettings(patch)),
    getConfigStatus: () => call(() => preload.getConfigStatus()),
    listSecrets: () => call(() => preload.listSecrets()),
    setSecret: (name, value) => call(() => preload.setSecret(name, value)),
    deleteSecret: (name) => call(() => preload.deleteSecret(name)),
    listHistory: (query) => call(() => preload.listHistory(query)),
    listAudit: (query) => call(() => preload.listAudit(query)),
    getMetrics: (query) => call(() => preload.getMetrics(query)),
    onEvent: (listener) => preload.onEvent(listener),
  };
  return api;
}
