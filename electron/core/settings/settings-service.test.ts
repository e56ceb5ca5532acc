import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { makeTempDir } from '../testing/fixtures';
import { fileSettingsStore } from './file-settings-store';
import { memorySettingsStore, SettingsFileError, SettingsService } from './settings-service';

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

  it('stops at start on a saved value that is out of range or unknown, naming the file and each key', async () => {
    const store = { ...memorySettingsStore({ retentionDays: 5, userLimit: 3, retentionDay: 365 }), file: '/data/settings.json' };
    const service = new SettingsService(store, () => undefined);
    const failure = service.start();
    await expect(failure).rejects.toBeInstanceOf(SettingsFileError);
    await expect(failure).rejects.toThrow(/^\/data\/settings\.json: retentionDays: expected an integer from 30 to 365 days, found 5; retentionDay: unknown setting/);
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a key named %s with a message, saved or in a patch', async (key) => {
    const saved = JSON.parse(`{"${key}": {"retentionDays": 5}, "userLimit": 2}`) as Record<string, unknown>;
    await expect(new SettingsService(memorySettingsStore(saved), () => undefined).start()).rejects.toThrow(`${key}: "${key}" is not a setting`);
    const service = new SettingsService(memorySettingsStore(), () => undefined);
    await service.start();
    const patch = JSON.parse(`{"${key}": 1}`) as Record<string, unknown>;
    await expect(service.update(patch)).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining(`${key}: "${key}" is not a setting`) });
    expect(Object.keys(service.get())).toEqual(Object.keys(DEFAULT_SETTINGS));
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
      await expect(third.start()).rejects.toThrow(`${path}:1:1: expected a value`);
      expect(await readFile(path, 'utf8')).toBe('not json');
    } finally {
      await dir.remove();
    }
  });
});

describe('settings from an earlier version', () => {
  const start = async (saved: Record<string, unknown>) => {
    const lines: string[] = [];
    const store = memorySettingsStore(saved);
    const service = new SettingsService(store, (line) => lines.push(line));
    await service.start();
    return { service, lines, store };
  };

  it('takes the old 30 s last-viewer default to the new one (keep running), saying so, and keeps a value the user chose', async () => {
    const old = await start({ ...DEFAULT_SETTINGS, lastViewerGraceSeconds: 30, userLimit: 4 });
    expect(old.service.get()).toMatchObject({ lastViewerGraceSeconds: 0, userLimit: 4 });
    expect(old.lines).toEqual([expect.stringContaining('lastViewerGraceSeconds: 30 was the old default')]);
    expect((await start({ lastViewerGraceSeconds: 120 })).service.get().lastViewerGraceSeconds).toBe(120);
  });

  it('writes the format version, so a 30 chosen now stays 30', async () => {
    const first = await start({});
    await first.service.update({ lastViewerGraceSeconds: 30 });
    expect(first.store.saved).toMatchObject({ lastViewerGraceSeconds: 30, settingsVersion: 2 });
    const again = await start(first.store.saved);
    expect(again.service.get().lastViewerGraceSeconds).toBe(30);
    expect(again.lines).toEqual([]);
    expect(Object.keys(again.service.get())).toEqual(Object.keys(DEFAULT_SETTINGS));
  });

  it('refuses a version it cannot read, naming the key', async () => {
    await expect(start({ settingsVersion: 'two' })).rejects.toThrow('settingsVersion: expected an integer from 1 to 2, found "two"');
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
