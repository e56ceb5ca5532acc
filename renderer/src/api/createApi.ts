// Picks the transport once, at startup: Electron's preload if it is there, the host's HTTP API otherwise.
import type { DeckClient, PreloadApi } from '../../../electron/shared/api';
import { createHttpApi } from './httpTransport';
import { createIpcApi } from './ipcTransport';

export type TransportKind = 'ipc' | 'http';

export interface SelectedApi {
  kind: TransportKind;
  api: DeckClient;
}

export function createApi(host: { sessionDeck?: PreloadApi }): SelectedApi {
  if (host.sessionDeck) return { kind: 'ipc', api: createIpcApi(host.sessionDeck) };
  return { kind: 'http', api: createHttpApi() };
}
