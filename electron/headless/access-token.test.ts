import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeTempDir, type TempDir } from '../core/testing/fixtures';
import { obtainAccessToken, obtainLoginKey } from './access-token';

let dir: TempDir;
beforeEach(async () => (dir = await makeTempDir('deck-token')));
afterEach(() => dir.remove());

it('writes a fresh token 0600 when there is none, and reads it back', async () => {
  const file = join(dir.path, 'data', 'access-token');
  const token = await obtainAccessToken(file);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect(await obtainAccessToken(file)).toBe(token);
});

it.each([0o640, 0o604, 0o620])('refuses a token file with mode %o, naming its mode and the fix', async (mode) => {
  const file = join(dir.path, 'token');
  await writeFile(file, 'a-token-long-enough-to-use');
  await chmod(file, mode);
  await expect(obtainAccessToken(file)).rejects.toThrow(`token file ${file} can be read or written by other users (mode 0${mode.toString(8)}): make it private with: chmod 600 '${file}'`);
  expect(await readFile(file, 'utf8')).toBe('a-token-long-enough-to-use');
});

it('keeps the login key 0600 in its file, the same across restarts, and refuses a short or shared one', async () => {
  const file = join(dir.path, 'login-key');
  const key = await obtainLoginKey(file);
  expect(key.length).toBe(32);
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  expect((await obtainLoginKey(file)).equals(key)).toBe(true);
  await chmod(file, 0o644);
  await expect(obtainLoginKey(file)).rejects.toThrow(`login key file ${file} can be read or written by other users (mode 0644)`);
  await writeFile(file, 'short\n', { mode: 0o600 });
  await chmod(file, 0o600);
  await expect(obtainLoginKey(file)).rejects.toThrow(`${file}: expected a key of at least 32 bytes in base64url, found 5 characters`);
});
