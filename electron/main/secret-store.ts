// Saved secrets in the Electron app: encrypted with safeStorage (the OS keyring: libsecret or
// KWallet on Linux, Keychain on macOS, DPAPI on Windows) and kept, encrypted, in electron-store.
// Where only Chromium's hard-coded fallback key exists ('basic_text'), nothing is saved: that
// would be clear text in all but name.
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { ApiError } from '../shared/errors';
import type { SecretStore } from '../core/secrets/secret-store';

interface Sealed {
  sealed: string;
  updatedAt: number;
}

export function safeStorageSecretStore(): SecretStore {
  const store = new Store<Record<string, Sealed>>({ name: 'secrets', configFileMode: 0o600 });

  async function ensureKeyring(): Promise<void> {
    const available = await safeStorage.isAsyncEncryptionAvailable();
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
    if (!available || backend === 'basic_text') {
      throw new ApiError('internal', 'no OS keyring is available (libsecret or KWallet), so Session Deck will not save secrets');
    }
  }

  return {
    list: async () =>
      Object.entries(store.store)
        .map(([name, { updatedAt }]) => ({ name, updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    async get(name) {
      const entry = store.get(name);
      if (!entry) return undefined;
      await ensureKeyring();
      return (await safeStorage.decryptStringAsync(Buffer.from(entry.sealed, 'base64'))).result;
    },
    async set(name, value) {
      await ensureKeyring();
      const sealed = (await safeStorage.encryptStringAsync(value)).toString('base64');
      store.set(name, { sealed, updatedAt: Date.now() });
    },
    async delete(name) {
      store.delete(name);
    },
  };
}
