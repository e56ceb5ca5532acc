// Every IPC handler is registered here, in one loop over the contract: the sender is checked,
// dispatch() validates the arguments and calls the engine (or, for the local methods, the native
// clipboard and the window's memory), and the result is wrapped so error codes survive the trip.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { LOCAL_METHODS, METHOD_NAMES, type ApiResult, type DeckMethods, type LocalMethods, type SessionDeckMethods } from '../shared/api';
import { EVENT_CHANNEL, invokeChannel } from '../shared/channels';
import { dispatch } from '../shared/dispatch';
import { ApiError, toErrorBody } from '../shared/errors';
import type { DeckEvent } from '../shared/session';

export interface IpcOptions {
  api: SessionDeckMethods;
  /** The clipboard and the window's memory, answered in main. */
  local: LocalMethods;
  /** Whether an invocation comes from our own window and page. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
}

export function registerIpcHandlers({ api, local, isTrustedSender }: IpcOptions): () => void {
  for (const method of METHOD_NAMES) {
    const target = (LOCAL_METHODS.includes(method) ? local : api) as DeckMethods;
    ipcMain.handle(invokeChannel(method), async (event, ...args: unknown[]): Promise<ApiResult<unknown>> => {
      try {
        if (!isTrustedSender(event)) throw new ApiError('forbidden', 'IPC from an unknown sender');
        return { ok: true, value: await dispatch(target, method, args) };
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
