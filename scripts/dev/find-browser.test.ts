// The browser finder on made-up PATHs: CHROMIUM_PATH first, then chromium, chromium-browser,
// google-chrome; a snap wrapper is recognised and gets profile directories its confinement can read.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserScratchDir, describeBrowser, findBrowser, requireBrowser } from './find-browser.mjs';

let root: string;
const bin = (name: string) => join(root, name);

async function executable(dir: string, name: string, body = '#!/bin/sh\nexit 0\n'): Promise<string> {
  await mkdir(join(root, dir), { recursive: true });
  const file = join(root, dir, name);
  await writeFile(file, body);
  await chmod(file, 0o755);
  return file;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'deck-find-browser-'));
  await executable('a', 'google-chrome');
  await executable('b', 'chromium');
  // Ubuntu's /usr/bin/chromium-browser: a shell script that runs the snap
  await executable('ubuntu', 'chromium-browser', '#!/bin/sh\n# wrapper\nexec /snap/bin/chromium "$@"\n');
  await writeFile(join(root, 'b', 'chromium-browser'), 'not executable');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('findBrowser', () => {
  it('prefers chromium over google-chrome even when google-chrome comes first on PATH', () => {
    expect(findBrowser({ PATH: `${bin('a')}:${bin('b')}` })).toEqual({ path: join(root, 'b', 'chromium') });
  });

  it('takes google-chrome when it is the only one', () => {
    expect(findBrowser({ PATH: bin('a') })).toEqual({ path: join(root, 'a', 'google-chrome') });
  });

  it('skips files that are not executable and relative PATH entries', () => {
    expect(findBrowser({ PATH: `b:${join(root, 'none')}` })).toBeUndefined();
    expect(findBrowser({ PATH: '' })).toBeUndefined();
  });

  it('takes CHROMIUM_PATH before anything on PATH', () => {
    const given = join(root, 'a', 'google-chrome');
    expect(findBrowser({ PATH: bin('b'), CHROMIUM_PATH: given })).toEqual({ path: given });
  });

  it('refuses a CHROMIUM_PATH that is not an executable, naming it', () => {
    expect(() => findBrowser({ CHROMIUM_PATH: join(root, 'b', 'chromium-browser') })).toThrow(/CHROMIUM_PATH=.*chromium-browser is not an executable/);
    expect(() => findBrowser({ CHROMIUM_PATH: 'chromium' })).toThrow(/not an executable/);
  });

  it('recognises the snap behind a wrapper script', () => {
    expect(findBrowser({ PATH: bin('ubuntu') })).toEqual({ path: join(root, 'ubuntu', 'chromium-browser'), snap: 'chromium' });
  });

  it('says what to do when there is none', () => {
    expect(() => requireBrowser({ PATH: join(root, 'none') })).toThrow(/no browser found: none of chromium, chromium-browser, google-chrome.*CHROMIUM_PATH/);
  });
});

describe('browserScratchDir', () => {
  it('is the given directory for a browser that is not a snap', () => {
    expect(browserScratchDir({ path: '/usr/bin/chromium' }, '/some/where', { HOME: root })).toBe('/some/where');
  });

  it("is the snap's own common directory for a snap, created, since a snap cannot read /tmp", () => {
    const dir = browserScratchDir({ path: '/usr/bin/chromium-browser', snap: 'chromium' }, '/tmp', { HOME: root });
    expect(dir).toBe(join(root, 'snap', 'chromium', 'common', 'session-deck'));
    expect(existsSync(dir)).toBe(true);
    expect(describeBrowser({ path: '/usr/bin/chromium-browser', snap: 'chromium' }, { HOME: root })).toContain(`cannot read /tmp`);
  });
});
