// The window's memory in the app: electron-store in the data directory, which stays the same from
// run to run (the window's origin, and with it the page's own storage, does not). The rest is in
// core/ui-memory (tested with conf, which electron-store builds on).
import Store from 'electron-store';
import type { UiMemoryMethods } from '../shared/api';
import { uiMemoryMethods, uiMemoryStoreOptions } from '../core/ui-memory/ui-memory-store';

export function electronUiMemory(dataDir: string, log: (line: string) => void): UiMemoryMethods {
  const { configName, ...options } = uiMemoryStoreOptions(dataDir);
  return uiMemoryMethods(new Store<Record<string, unknown>>({ ...options, name: configName }), log);
}
