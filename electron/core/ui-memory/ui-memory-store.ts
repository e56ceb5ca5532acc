// The app's side of the window's memory (electron/shared/ui-memory.ts): one JSON file in the data
// directory, kept by electron-store in the app. electron-store is conf with Electron's defaults and
// loads only inside Electron, so this takes any store with conf's get/set, and the options here are
// the ones both are opened with (the tests open the same file with conf itself).
import type { UiMemoryMethods } from '../../shared/api';
import { storedUiMemoryOf } from '../../shared/ui-memory';

/** What conf and electron-store have in common, as used here. */
export interface KeyValueFile {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** The entry in the file (no dots: conf reads a dotted key as a path). */
const ENTRY = 'window';

/**
 * conf's options for the file `<dir>/ui-memory.json`, mode 0600 (electron-store calls configName
 * `name`). A damaged file is started afresh: it only holds window state.
 */
export const uiMemoryStoreOptions = (dir: string) => ({ cwd: dir, configName: 'ui-memory', configFileMode: 0o600, clearInvalidConfig: true }) as const;

/**
 * The contract's loadUiMemory / saveUiMemory on a store file. What was saved comes back as it was;
 * a value that does not fit the schema (edited by hand, an older version) comes back as nothing.
 * The argument of saveUiMemory is checked by dispatch() before it gets here.
 */
export function uiMemoryMethods(store: KeyValueFile, log: (line: string) => void = () => {}): UiMemoryMethods {
  return {
    loadUiMemory: async () => {
      const { memory, problem } = storedUiMemoryOf(store.get(ENTRY));
      if (problem) log(`ui-memory.json: ${ENTRY}${problem}; the window starts afresh`);
      return memory;
    },
    saveUiMemory: async (memory) => {
      store.set(ENTRY, memory);
    },
  };
}
