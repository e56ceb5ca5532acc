// The preload: exposes the API contract to the page as named methods, and nothing else. One loop
// over the contract's method names; each forwards its arguments as they are (main validates them).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES, type ApiResult, type PreloadApi } from '../shared/api';
import { EVENT_CHANNEL, invokeChannel } from '../shared/channels';
import type { DeckEvent } from '../shared/session';

const methods = Object.fromEntries(METHOD_NAMES.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(invokeChannel(method), ...args)]));

const api = {
  ...methods,
  onEvent(listener: (event: DeckEvent) => void) {
    const handler = (_event: IpcRendererEvent, deckEvent: DeckEvent) => listener(deckEvent);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} as PreloadApi;

contextBridge.exposeInMainWorld('sessionDeck', api);

// The viewer's clipboard seam, as the same contract methods (text only; main bounds the size).
const unwrap = async <T>(result: Promise<ApiResult<T>>): Promise<T> => {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
};
contextBridge.exposeInMainWorld('sessionDeckClipboard', {
  readText: (): Promise<string> => unwrap(api.readClipboard()),
  writeText: (text: string): Promise<void> => unwrap(api.writeClipboard(text)),
});
