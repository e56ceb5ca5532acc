// The host's secrets kept in files: the access token (read from --token-file, or made fresh and
// written there) and the key that signs login cookies (in the data directory, so a browser stays
// logged in when the host restarts). Both are written 0600; one that other users may read or write
// is refused (as OpenSSH refuses such a key), not used.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataDirError } from '../core/data-dir/data-dir-error';
import { checkSecretFile } from '../core/data-dir/modes';
import { MIN_COOKIE_KEY_BYTES } from '../core/host/access-control';

/** The file's trimmed text, or undefined when there is no file; a file others may use is refused. */
async function readSecretFile(file: string, what: string): Promise<string | undefined> {
  try {
    await checkSecretFile(file, what);
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeSecretFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
}

export async function obtainAccessToken(tokenFile: string): Promise<string> {
  const existing = await readSecretFile(tokenFile, 'token file');
  if (existing !== undefined) {
    if (existing.length < 16) throw new DataDirError(tokenFile, `${tokenFile}: the token must have at least 16 characters`);
    return existing;
  }
  const token = randomBytes(32).toString('base64url');
  await writeSecretFile(tokenFile, token);
  return token;
}

/** The login cookies' signing key (base64url text in the file). Removing the file logs every browser out. */
export async function obtainLoginKey(keyFile: string): Promise<Buffer> {
  const existing = await readSecretFile(keyFile, 'login key file');
  if (existing !== undefined) {
    const key = Buffer.from(existing, 'base64url');
    if (!/^[A-Za-z0-9_-]+$/.test(existing) || key.length < MIN_COOKIE_KEY_BYTES) {
      throw new DataDirError(keyFile, `${keyFile}: expected a key of at least ${MIN_COOKIE_KEY_BYTES} bytes in base64url, found ${existing.length} characters; remove the file to make a new one (every browser then logs in again)`);
    }
    return key;
  }
  const key = randomBytes(MIN_COOKIE_KEY_BYTES);
  await writeSecretFile(keyFile, key.toString('base64url'));
  return key;
}
