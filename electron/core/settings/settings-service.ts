// The current settings: validated against SETTINGS_SPEC, persisted through a store, applied at
// once (readers ask for the value at each use), and every change reported with old and new value.
import { ApiError } from '../../shared/errors';
import { DEFAULT_SETTINGS, settingsProblems, type Settings } from '../../shared/settings';
import { StartupRefusal } from '../data-dir/data-dir-error';
import { migrateSavedSettings, withVersion, type SavedSettings } from './settings-migration';

/** Where settings live: a JSON file for the headless host, electron-store in the Electron app. */
export interface SettingsStore {
  /** The file, for messages (absent for a store in memory). */
  readonly file?: string;
  /**
   * What was saved before (possibly partial, possibly invalid: it is validated key by key); {}
   * when nothing was saved. A file that cannot be read as settings throws a SettingsFileError.
   */
  load(): Promise<Record<string, unknown>>;
  /** Writes the settings with the version of their format (settings-migration.ts). */
  save(settings: SavedSettings): Promise<void>;
}

/** A settings file Session Deck will not start on: what retention would do with a default is not undoable. */
export class SettingsFileError extends StartupRefusal {
  override name = 'SettingsFileError';
}

export type SettingsChange = { key: keyof Settings; from: unknown; to: unknown };

export class SettingsService {
  private current: Settings = { ...DEFAULT_SETTINGS };
  /** Updates run one at a time, each merging into what the one before it saved. */
  private updating: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(settings: Settings, changes: SettingsChange[]) => void>();

  constructor(
    private readonly store: SettingsStore,
    private readonly log: (line: string) => void,
  ) {}

  /**
   * Loads saved settings. A saved value that is not valid stops the start instead of falling back
   * to its default: a shorter default retention would delete history the user meant to keep.
   */
  async start(): Promise<void> {
    const { values: saved, notes, problem } = migrateSavedSettings(await this.store.load());
    const problems = Object.entries(settingsProblems(saved));
    if (problem) problems.unshift(problem);
    if (problems.length > 0) {
      const where = this.store.file ?? 'saved settings';
      const list = problems.map(([key, problem]) => `${key}: ${problem}`).join('; ');
      throw new SettingsFileError(where, `${where}: ${list}. Session Deck does not start on settings it could not read: fix the value, or remove the key to use its default`);
    }
    this.current = { ...DEFAULT_SETTINGS, ...saved };
    for (const note of notes) this.log(`settings: ${note}`);
  }

  get(): Settings {
    return { ...this.current };
  }

  /** Validates the whole patch first; applies and saves all of it, or none. */
  update(patch: Readonly<Record<string, unknown>>): Promise<Settings> {
    const next = this.updating.then(() => this.applyPatch(patch));
    this.updating = next.catch(() => undefined);
    return next;
  }

  private async applyPatch(patch: Readonly<Record<string, unknown>>): Promise<Settings> {
    const problems = settingsProblems(patch);
    const messages = Object.entries(problems).map(([key, problem]) => `${key}: ${problem}`);
    if (messages.length > 0) throw new ApiError('bad_request', `settings: ${messages.join('; ')}`, { problems });
    const next = { ...this.current, ...patch } as Settings;
    const changes = (Object.keys(patch) as (keyof Settings)[])
      .filter((key) => next[key] !== this.current[key])
      .map((key) => ({ key, from: this.current[key], to: next[key] }));
    if (changes.length === 0) return this.get();
    await this.store.save(withVersion(next));
    this.current = next;
    for (const listener of [...this.listeners]) listener(this.get(), changes);
    return this.get();
  }

  onChange(listener: (settings: Settings, changes: SettingsChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Keeps settings in memory only (tests, and an app run that must not write). */
export function memorySettingsStore(initial: Record<string, unknown> = {}): SettingsStore & { saved: Record<string, unknown> } {
  const store = {
    saved: { ...initial },
    load: async () => ({ ...store.saved }),
    save: async (settings: SavedSettings) => {
      store.saved = { ...settings };
    },
  };
  return store;
}
