// Secrets a user saves (e.g. the password of an external VNC server), kept encrypted and never
// handed back through the API: only scripts read them, by name, for the session they start.
import type { SecretInfo } from '../../shared/session';

export interface SecretStore {
  list(): Promise<SecretInfo[]>;
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Secrets kept in memory only (tests, and runs that must not write). */
export function memorySecretStore(): SecretStore {
  const values = new Map<string, { value: string; updatedAt: number }>();
  return {
    list: async () => [...values].map(([name, { updatedAt }]) => ({ name, updatedAt })).sort((a, b) => a.name.localeCompare(b.name)),
    get: async (name) => values.get(name)?.value,
    set: async (name, value) => void values.set(name, { value, updatedAt: Date.now() }),
    delete: async (name) => void values.delete(name),
  };
}
