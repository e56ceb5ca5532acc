// The host's access token: read from --token-file, or made fresh (and written there, 0600).
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export async function obtainAccessToken(tokenFile: string | undefined): Promise<string> {
  if (!tokenFile) return randomBytes(32).toString('base64url');
  try {
    const token = (await readFile(tokenFile, 'utf8')).trim();
    if (token.length < 16) throw new Error(`${tokenFile}: the token must have at least 16 characters`);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}
