// The host's access token: read from --token-file, or made fresh (and written there, 0600). A token
// file that other users may read or write is refused (as OpenSSH refuses such a key), not used.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DataDirError } from '../core/data-dir/data-dir-error';
import { checkSecretFile } from '../core/data-dir/modes';

export async function obtainAccessToken(tokenFile: string): Promise<string> {
  try {
    await checkSecretFile(tokenFile);
    const token = (await readFile(tokenFile, 'utf8')).trim();
    if (token.length < 16) throw new DataDirError(tokenFile, `${tokenFile}: the token must have at least 16 characters`);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(dirname(tokenFile), { recursive: true, mode: 0o700 });
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}
