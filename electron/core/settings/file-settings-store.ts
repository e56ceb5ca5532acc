// Settings of the headless host in a JSON file (mode 0600) written atomically: a crash mid-write
// leaves the previous file whole, and saves run one at a time. The Electron app uses electron-store.
import type { Settings } from '../../shared/settings';
import { readJsonFile, writeJsonFile } from '../util/atomic-json-file';
import type { SettingsStore } from './settings-service';

export function fileSettingsStore(path: string): SettingsStore {
  return {
    async load() {
      let value: unknown;
      try {
        value = await readJsonFile(path);
      } catch (error) {
        // A file that is not JSON counts as nothing saved; one that cannot be read is an error.
        if (error instanceof SyntaxError) return {};
        throw error;
      }
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    },
    save: (settings: Settings) => writeJsonFile(path, settings),
  };
}
