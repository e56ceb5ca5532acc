import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { makeTempDir } from '../testing/fixtures';
import { fileSettingsStore } from './file-settings-store';

describe('settings file store', () => {
  it('saves 0600, reads back, and a missing or broken file reads as nothing saved', async () => {
    const dir = await makeTempDir('deck-settings');
    try {
      const path = join(dir.path, 'nested', 'settings.json');
      const store = fileSettingsStore(path);
      expect(await store.load()).toEqual({});
      await store.save({ ...DEFAULT_SETTINGS, userLimit: 3 });
      expect(await fileSettingsStore(path).load()).toMatchObject({ userLimit: 3 });
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      await writeFile(path, '{ broken');
      expect(await store.load()).toEqual({});
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
        await Promise.all(stores.map((store, i) => store.save({ ...DEFAULT_SETTINGS, userLimit: round * 2 + i + 1 })));
        expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ userLimit: round * 2 + 2 });
      }
      expect(await readdir(dir.path)).toEqual(['settings.json']);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    } finally {
      await dir.remove();
    }
  });
});
