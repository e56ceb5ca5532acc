// The preload: exposes the API contract to the page as named methods, and nothing else.
// Written as `const api: PreloadApi` so the compiler catches any drift from the contract.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadApi } from '../shared/api';
import { CLIPBOARD_READ_CHANNEL, CLIPBOARD_WRITE_CHANNEL, EVENT_CHANNEL, invokeChannel } from '../shared/channels';
import type { DeckEvent } from '../shared/session';

const api: PreloadApi = {
  listTypes: () => ipcRenderer.invoke(invokeChannel('listTypes')),
  listSessions: () => ipcRenderer.invoke(invokeChannel('listSessions')),
  getSession: (id) => ipcRenderer.invoke(invokeChannel('getSession'), id),
  startSession: (request) => ipcRenderer.invoke(invokeChannel('startSession'), request),
  stopSession: (id) => ipcRenderer.invoke(invokeChannel('stopSession'), id),
  openViewer: (id, options) => ipcRenderer.invoke(invokeChannel('openViewer'), id, options ?? {}),
  extendSession: (id) => ipcRenderer.invoke(invokeChannel('extendSession'), id),
  getSettings: () => ipcRenderer.invoke(invokeChannel('getSettings')),
  updateSettings: (patch) => ipcRenderer.invoke(invokeChannel('updateSettings'), patch),
  getConfigStatus: () => ipcRenderer.invoke(invokeChannel('getConfigStatus')),
  listSecrets: () => ipcRenderer.invoke(invokeChannel('listSecrets')),
  setSecret: (name, value) => ipcRenderer.invoke(invokeChannel('setSecret'), name, value),
  deleteSecret: (name) => ipcRenderer.invoke(invokeChannel('deleteSecret'), name),
  listHistory: (query) => ipcRenderer.invoke(invokeChannel('listHistory'), query),
  listAudit: (query) => ipcRenderer.invoke(invokeChannel('listAudit'), query),
  getMetrics: (query) => ipcRenderer.invoke(invokeChannel('getMetrics'), query),
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, deckEvent: DeckEvent) => listener(deckEvent);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('sessionDeck', api);

// The native clipboard for the viewer (text only; main bounds the size and checks the sender).
contextBridge.exposeInMainWorld('sessionDeckClipboard', {
  readText: (): Promise<string> => ipcRenderer.invoke(CLIPBOARD_READ_CHANNEL),
  writeText: (text: string): Promise<void> => ipcRenderer.invoke(CLIPBOARD_WRITE_CHANNEL, text),
});
