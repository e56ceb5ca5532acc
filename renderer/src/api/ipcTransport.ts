// The Electron transport: the preload exposes `window.sessionDeck` (PreloadApi) with results wrapped
// as ApiResult, because an Error's code does not survive IPC. This unwraps them back into the contract.
import { METHOD_NAMES, type ApiResult, type DeckClient, type DeckMethods, type PreloadApi } from '../../../electron/shared/api';
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

export function createIpcApi(preload: PreloadApi): DeckClient {
  // One loop over the contract: every method unwraps the preload's wrapped result.
  const methods = Object.fromEntries(
    METHOD_NAMES.map((name) => [name, (...args: unknown[]) => call(() => (preload[name] as (...raw: unknown[]) => Promise<ApiResult<unknown>>)(...args))]),
  ) as unknown as DeckMethods;
  return { ...methods, onEvent: (listener) => preload.onEvent(listener) };
}
