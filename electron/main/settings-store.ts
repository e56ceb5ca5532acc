// Settings of the Electron app in electron-store, with the settings' own JSON schema (ranges,
// choices, defaults). The file is read and checked by the engine's own reader first: a file that
// does not parse or holds a bad value stops the app with its line and column, and is never cleared.
import Store, { type Schema } from 'electron-store';
import { join } from 'node:path';
import { readSettingsFile } from '../core/settings/file-settings-store';
import type { SettingsStore } from '../core/settings/settings-service';
import type { SavedSettings } from '../core/settings/settings-migration';
import { settingsJsonSchemaProperties } from '../shared/settings';

export function electronSettingsStore(dir: string): SettingsStore {
  const file = join(dir, 'settings.json');
  // Opened only once the file was read and validated: electron-store throws on what it dislikes.
  let store: Store<Record<string, unknown>> | undefined;
  const open = () =>
    (store ??= new Store<Record<string, unknown>>({ cwd: dir, name: 'settings', schema: settingsJsonSchemaProperties() as Schema<Record<string, unknown>>, clearInvalidConfig: false, configFileMode: 0o600 }));
  return {
    file,
    load: () => readSettingsFile(file),
    save: async (settings: SavedSettings) => {
      open().set({ ...settings });
    },
  };
}
