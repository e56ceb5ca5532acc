// The window's memory in a browser: the page's local storage (per origin, so the host has to be
// started on the same port to find it again), in the format earlier versions wrote there.
import type { UiMemoryMethods } from '../../../electron/shared/api';
import { dispatch } from '../../../electron/shared/dispatch';
import { storedUiMemoryOf, UI_MEMORY_KEY } from '../../../electron/shared/ui-memory';

/** The part of the Web Storage API used here. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The page's localStorage, where there is one (a locked-down browser may refuse it). */
export function pageStorage(): KeyValueStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** loadUiMemory / saveUiMemory on a key-value storage, checked as in the app; without one, nothing is remembered. */
export function browserUiMemory(storage: KeyValueStorage | null): UiMemoryMethods {
  const local: UiMemoryMethods = {
    loadUiMemory: async () => {
      let value: unknown;
      try {
        value = JSON.parse(storage?.getItem(UI_MEMORY_KEY) ?? 'null');
      } catch {
        return null;
      }
      return storedUiMemoryOf(value).memory;
    },
    saveUiMemory: async (memory) => {
      storage?.setItem(UI_MEMORY_KEY, JSON.stringify(memory));
    },
  };
  return {
    loadUiMemory: (...args) => dispatch(local, 'loadUiMemory', args),
    saveUiMemory: (...args) => dispatch(local, 'saveUiMemory', args),
  };
}
