// The data side of the Electron app's secret store, apart from Electron: sealed values kept by name
// in an electron-store (a conf instance underneath), sealed and opened by an injected cipher.
import type { SecretInfo } from '../../shared/session';
import type { SecretStore } from './secret-store';

export interface SealedSecret {
  sealed: string;
  updatedAt: number;
}

/** What of conf / electron-store this needs. */
export interface KeyValueStore {
  readonly store: Record<string, SealedSecret>;
  get(key: string): SealedSecret | undefined;
  set(key: string, value: SealedSecret): void;
  delete(key: string): void;
}

export interface Sealer {
  seal(value: string): Promise<string>;
  open(sealed: string): Promise<string>;
}

/**
 * Options for the conf / electron-store instance: secret names may contain '.', so keys are
 * names as they are, never paths into nested objects.
 */
export const SECRET_STORE_OPTIONS = { configFileMode: 0o600, accessPropertiesByDotNotation: false } as const;

export function keyValueSecretStore(store: KeyValueStore, sealer: Sealer): SecretStore {
  return {
    list: async (): Promise<SecretInfo[]> =>
      Object.entries(store.store)
        .map(([name, { updatedAt }]) => ({ name, updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    async get(name) {
      const entry = store.get(name);
      return entry ? sealer.open(entry.sealed) : undefined;
    },
    async set(name, value) {
      store.set(name, { sealed: await sealer.seal(value), updatedAt: Date.now() });
    },
    async delete(name) {
      store.delete(name);
    },
  };
}
