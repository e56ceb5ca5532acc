// Settings of the Electron app in electron-store, with a JSON schema derived from the settings
// spec (min/max, choices). A file that fails the schema is cleared and the defaults apply.
import Store from 'electron-store';
import { SETTINGS_SPEC, type Settings } from '../shared/settings';
import type { SettingsStore } from '../core/settings/settings-service';

const schema = Object.fromEntries(
  Object.entries(SETTINGS_SPEC).map(([key, spec]) => [
    key,
    spec.kind === 'integer' ? { type: 'integer', minimum: spec.min, maximum: spec.max } : { type: 'string', enum: [...spec.choices] },
  ]),
);

export function electronSettingsStore(): SettingsStore {
  const store = new Store<Record<string, unknown>>({ name: 'settings', schema, clearInvalidConfig: true, configFileMode: 0o600 });
  return {
    load: async () => ({ ...store.store }),
    save: async (settings: Settings) => {
      store.set({ ...settings });
    },
  };
}
