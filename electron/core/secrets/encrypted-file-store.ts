// The headless host's secrets: AES-256-GCM, each value with its own nonce, in secrets.json (0600),
// under a random key in a separate key file (0600). Without an OS keyring this keeps secrets out
// of clear text on disk and out of configuration files and backups of them; it does not protect
// against someone who can read the user's files (the Electron app uses the OS keyring instead).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SecretInfo } from '../../shared/session';
import { readJsonFile, updateJsonFile } from '../util/atomic-json-file';
import type { SecretStore } from './secret-store';

interface StoredSecret {
  /** base64 of nonce (12) | tag (16) | ciphertext */
  sealed: string;
  updatedAt: number;
}

const KEY_BYTES = 32;

type Secrets = Record<string, StoredSecret>;

async function readSecrets(path: string): Promise<Secrets> {
  try {
    return asSecrets(await readJsonFile(path));
  } catch (error) {
    throw new Error(`${path}: unreadable secrets file: ${(error as Error).message}`, { cause: error });
  }
}

const asSecrets = (value: unknown): Secrets =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Secrets) : {};

export function encryptedFileSecretStore(dir: string): SecretStore {
  const file = join(dir, 'secrets.json');
  const keyFile = join(dir, 'secrets.key');
  let key: Promise<Buffer> | undefined;

  const loadKey = () =>
    (key ??= (async () => {
      try {
        const existing = await readFile(keyFile);
        if (existing.length === KEY_BYTES) return existing;
        throw new Error(`${keyFile}: expected ${KEY_BYTES} bytes`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      const fresh = randomBytes(KEY_BYTES);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      try {
        await writeFile(keyFile, fresh, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        // Another store of this directory created it first: use that one.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFile(keyFile);
        throw error;
      }
      return fresh;
    })());

  const seal = async (value: string): Promise<string> => {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await loadKey(), nonce);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
  };

  const open = async (sealed: string): Promise<string> => {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', await loadKey(), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  };

  return {
    async list(): Promise<SecretInfo[]> {
      return Object.entries(await readSecrets(file))
        .map(([name, { updatedAt }]) => ({ name, updatedAt }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(name) {
      const secrets = await readSecrets(file);
      return Object.hasOwn(secrets, name) ? open(secrets[name]!.sealed) : undefined;
    },
    async set(name, value) {
      const stored: StoredSecret = { sealed: await seal(value), updatedAt: Date.now() };
      // A computed key defines an own property, whatever the name ('__proto__' included).
      await updateJsonFile(file, (current) => ({ ...asSecrets(current), [name]: stored }));
    },
    async delete(name) {
      await updateJsonFile(file, (current) => {
        const { [name]: _removed, ...rest } = asSecrets(current);
        return rest;
      });
    },
  };
}
