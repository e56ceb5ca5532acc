// Settings of the Electron app in electron-store, with the settings' own JSON schema (ranges,
// choices, defaults). A file that fails the schema is cleared and the defaults apply.
import Store, { type Schema } from 'electron-store';
import { settingsJsonSchemaProperties, type Settings } from '../shared/settings';
import type { SettingsStore } from '../core/settings/settings-service';

export function electronSettingsStore(): SettingsStore {
  const store = new Store<Record<string, unknown>>({ name: 'settings', schema: settingsJsonSchemaProperties() as Schema<Record<string, unknown>>, clearInvalidConfig: true, configFileMode: 0o600 });
  return {
    load: async () => ({ ...store.store }),
    save: async (settings: Settings) => {
      store.set({ ...settings });
    },
  };
}
