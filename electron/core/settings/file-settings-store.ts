// Settings of the headless host in a JSON file (mode 0600) written atomically: a crash mid-write
// leaves the previous file whole, and saves run one at a time. The Electron app keeps them in
// electron-store but reads them through readSettingsFile as well. A file that is not a JSON object
// is an error with its line and column, never "nothing saved": defaults put in its place would
// shorten retention and delete history.
import { readFile } from 'node:fs/promises';
import type { SavedSettings } from './settings-migration';
import { JsonSyntaxError, readJson } from '../config/json-syntax';
import { writeJsonFile } from '../util/atomic-json-file';
import { SettingsFileError, type SettingsStore } from './settings-service';

/** The saved settings as written ({} when there is no file); unvalidated beyond being an object. */
export async function readSettingsFile(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let value: unknown;
  try {
    value = readJson(text).value;
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    const { line, column, message } = error.problem;
    throw new SettingsFileError(path, `${path}:${line}:${column}: ${message}. Session Deck does not start on a settings file it cannot read: fix the file (or remove it to use the defaults)`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsFileError(path, `${path}: expected an object of settings, found ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

export function fileSettingsStore(path: string): SettingsStore {
  return {
    file: path,
    load: () => readSettingsFile(path),
    save: (settings: SavedSettings) => writeJsonFile(path, settings),
  };
}
