// The host's access token: read from --token-file, or made fresh (and written there, 0600).
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function obtainAccessToken(tokenFile: string): Promise<string> {
  try {
    const token = (await readFile(tokenFile, 'utf8')).trim();
    if (token.length < 16) throw new Error(`${tokenFile}: the token must have at least 16 characters`);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await mkdir(dirname(tokenFile), { recursive: true, mode: 0o700 });
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}
