// The host's version, from the package.json it was built from (dist/host/ and electron/headless/
// both sit two levels below it); 'unknown' when it cannot be read, which only the About page shows.
import { readFile } from 'node:fs/promises';

export async function packageVersion(packageJson = new URL('../../package.json', import.meta.url)): Promise<string> {
  try {
    const parsed: unknown = JSON.parse(await readFile(packageJson, 'utf8'));
    const version = (parsed as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
