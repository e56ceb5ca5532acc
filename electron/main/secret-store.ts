// Saved secrets in the Electron app: encrypted with safeStorage (the OS keyring: libsecret or
// KWallet on Linux, Keychain on macOS, DPAPI on Windows) and kept, encrypted, in electron-store.
// Where only Chromium's hard-coded fallback key exists ('basic_text'), nothing is saved: that
// would be clear text in all but name.
import { safeStorage } from 'electron';
import Store from 'electron-store';
import { keyValueSecretStore, SECRET_STORE_OPTIONS, type SealedSecret } from '../core/secrets/key-value-secret-store';
import type { SecretStore } from '../core/secrets/secret-store';
import { ApiError } from '../shared/errors';

async function ensureKeyring(): Promise<void> {
  const available = await safeStorage.isAsyncEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  if (!available || backend === 'basic_text') {
    throw new ApiError('internal', 'no OS keyring is available (libsecret or KWallet), so Session Deck will not save secrets');
  }
}

export function safeStorageSecretStore(): SecretStore {
  const store = new Store<Record<string, SealedSecret>>({ name: 'secrets', ...SECRET_STORE_OPTIONS });
  return keyValueSecretStore(store, {
    async seal(value) {
      await ensureKeyring();
      return (await safeStorage.encryptStringAsync(value)).toString('base64');
    },
    async open(sealed) {
      await ensureKeyring();
      return (await safeStorage.decryptStringAsync(Buffer.from(sealed, 'base64'))).result;
    },
  });
}
