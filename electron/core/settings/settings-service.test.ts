import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { makeTempDir } from '../testing/fixtures';
import { fileSettingsStore } from './file-settings-store';
import { memorySettingsStore, SettingsService } from './settings-service';

describe('SettingsService', () => {
  it('starts from the defaults, applies a valid patch at once and reports old and new values', async () => {
    const service = new SettingsService(memorySettingsStore(), () => undefined);
    await service.start();
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    const seen: unknown[] = [];
    service.onChange((_, changes) => seen.push(...changes));
    await service.update({ inactivityTimeoutMinutes: 5, userLimit: 8 });
    expect(service.get().inactivityTimeoutMinutes).toBe(5);
    expect(seen).toEqual([{ key: 'inactivityTimeoutMinutes', from: 15, to: 5 }]);
  });

  it('refuses the whole patch when any key is wrong, naming each problem', async () => {
    const service = new SettingsService(memorySettingsStore(), () => undefined);
    await service.start();
    await expect(service.update({ inactivityTimeoutMinutes: 61, maxSessionHours: 2, colour: 'red' })).rejects.toMatchObject({
      code: 'bad_request',
      details: { problems: { inactivityTimeoutMinutes: expect.stringContaining('from 1 to 60'), colour: 'unknown setting' } },
    });
    expect(service.get().maxSessionHours).toBe(24);
  });

  it('falls back to the default for a saved value that is out of range', async () => {
    const lines: string[] = [];
    const service = new SettingsService(memorySettingsStore({ retentionDays: 5, userLimit: 3 }), (line) => lines.push(line));
    await service.start();
    expect(service.get()).toMatchObject({ retentionDays: 30, userLimit: 3 });
    expect(lines[0]).toContain('retentionDays');
  });

  it('persists to a 0600 JSON file and reads it back', async () => {
    const dir = await makeTempDir('deck-settings');
    try {
      const path = join(dir.path, 'settings.json');
      const first = new SettingsService(fileSettingsStore(path), () => undefined);
      await first.start();
      await first.update({ recoveryMode: 'cleanup' });
      const second = new SettingsService(fileSettingsStore(path), () => undefined);
      await second.start();
      expect(second.get().recoveryMode).toBe('cleanup');
      await writeFile(path, 'not json');
      const third = new SettingsService(fileSettingsStore(path), () => undefined);
      await third.start();
      expect(third.get()).toEqual(DEFAULT_SETTINGS);
      expect(await readFile(path, 'utf8')).toBe('not json');
    } finally {
      await dir.remove();
    }
  });
});

describe('concurrent updates', () => {
  it('two updates at once both take effect: neither drops the other\'s key', async () => {
    let saves = 0;
    const store = memorySettingsStore();
    const slowStore = { load: store.load, save: async (settings: Parameters<typeof store.save>[0]) => {
      saves++;
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.save(settings);
    } };
    const service = new SettingsService(slowStore, () => undefined);
    await service.start();
    await Promise.all([service.update({ userLimit: 3 }), service.update({ retentionDays: 90 })]);
    expect(service.get()).toMatchObject({ userLimit: 3, retentionDays: 90 });
    expect(store.saved).toMatchObject({ userLimit: 3, retentionDays: 90 });
    expect(saves).toBe(2);
  });
});
