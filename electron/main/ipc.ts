// Every IPC handler is registered here, in one loop over the contract: the sender is checked,
// the arguments validated, and the result wrapped so error codes survive the trip.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { METHOD_NAMES, type ApiResult, type MethodName, type SessionDeckMethods } from '../shared/api';
import { EVENT_CHANNEL, invokeChannel } from '../shared/channels';
import { ApiError, toErrorBody } from '../shared/errors';
import type { DeckEvent } from '../shared/session';
import { validateArgs } from '../shared/validate';

export interface IpcOptions {
  api: SessionDeckMethods;
  /** Whether an invocation comes from our own window and page. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

async function invoke(api: SessionDeckMethods, method: MethodName, args: unknown[]): Promise<unknown> {
  const call = api[method] as (...valid: unknown[]) => Promise<unknown>;
  return call.apply(api, validateArgs[method](args) as unknown[]);
}

export function registerIpcHandlers({ api, isTrustedSender }: IpcOptions): () => void {
  for (const method of METHOD_NAMES) {
    ipcMain.handle(invokeChannel(method), async (event, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      try {
        if (!isTrustedSender(event)) throw new ApiError('forbidden', 'IPC from an unknown sender');
        return { ok: true, value: await invoke(api, method, args) };
      } catch (error) {
        return { ok: false, error: toErrorBody(error) };
      }
    });
  }
  return () => METHOD_NAMES.forEach((method) => ipcMain.removeHandler(invokeChannel(method)));
}

/** Forwards engine events to a window's page. */
export function forwardEvents(subscribe: (listener: (event: DeckEvent) => void) => () => void, target: WebContents): () => void {
  return subscribe((event) => {
    if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event);
  });
}
