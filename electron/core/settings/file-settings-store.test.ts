import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { makeTempDir } from '../testing/fixtures';
import { fileSettingsStore } from './file-settings-store';
import { withVersion } from './settings-migration';
import { SettingsFileError } from './settings-service';

describe('settings file store', () => {
  it('saves 0600, reads back, and a missing file reads as nothing saved', async () => {
    const dir = await makeTempDir('deck-settings');
    try {
      const path = join(dir.path, 'nested', 'settings.json');
      const store = fileSettingsStore(path);
      expect(await store.load()).toEqual({});
      await store.save(withVersion({ ...DEFAULT_SETTINGS, userLimit: 3 }));
      expect(await fileSettingsStore(path).load()).toMatchObject({ userLimit: 3 });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await dir.remove();
    }
  });

  it.each([
    ['a trailing comma', '{\n  "retentionDays": 365,\n}\n', ':3:1: expected a property name in double quotes, found "}"'],
    ['a cut-off file', '{ "retentionDays": 3', ':1:21: expected '],
    ['a list', '[]', ': expected an object of settings, found a list'],
  ])('a file with %s is an error naming the file, line and column, never nothing saved', async (_, text, expected) => {
    const dir = await makeTempDir('deck-settings');
    try {
      const path = join(dir.path, 'settings.json');
      await writeFile(path, text);
      const failure = fileSettingsStore(path).load();
      await expect(failure).rejects.toBeInstanceOf(SettingsFileError);
      await expect(failure).rejects.toThrow(`${path}${expected}`);
      expect(await readFile(path, 'utf8')).toBe(text);
    } finally {
      await dir.remove();
    }
  });

  it('concurrent saves all succeed, through one store or two, and leave one whole file', async () => {
    const dir = await makeTempDir('deck-settings');
    try {
      const path = join(dir.path, 'settings.json');
      const stores = [fileSettingsStore(path), fileSettingsStore(path)];
      for (let round = 0; round < 20; round++) {
        await Promise.all(stores.map((store, i) => store.save(withVersion({ ...DEFAULT_SETTINGS, userLimit: round * 2 + i + 1 }))));
        expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ userLimit: round * 2 + 2 });
      }
      expect(await readdir(dir.path)).toEqual(['settings.json']);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await dir.remove();
    }
  });
});
