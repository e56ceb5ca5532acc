import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { packageVersion } from './package-version';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('packageVersion', () => {
  it('reads the version of the package it was built from', async () => {
    expect(await packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('says unknown when the file is missing or has no version', async () => {
    dir = await mkdtemp(join(tmpdir(), 'deck-version-'));
    await writeFile(join(dir, 'package.json'), '{"name":"x"}');
    expect(await packageVersion(pathToFileURL(join(dir, 'package.json')))).toBe('unknown');
    expect(await packageVersion(pathToFileURL(join(dir, 'missing.json')))).toBe('unknown');
  });
});
