// The current settings: validated against SETTINGS_SPEC, persisted through a store, applied at
// once (readers ask for the value at each use), and every change reported with old and new value.
import { ApiError } from '../../shared/errors';
import { DEFAULT_SETTINGS, settingsProblems, type Settings } from '../../shared/settings';

/** Where settings live: a JSON file for the headless host, electron-store in the Electron app. */
export interface SettingsStore {
  /** What was saved before (possibly partial, possibly invalid: it is validated key by key). */
  load(): Promise<Record<string, unknown>>;
  save(settings: Settings): Promise<void>;
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

  /** Loads saved settings; a saved value that is no longer valid falls back to its default, with a log line. */
  async start(): Promise<void> {
    const saved = await this.store.load();
    const problems = settingsProblems(saved);
    for (const [key, problem] of Object.entries(problems)) this.log(`settings: ignoring saved ${key}: ${problem}`);
    const valid = Object.fromEntries(Object.entries(saved).filter(([key]) => problems[key] === undefined));
    this.current = { ...DEFAULT_SETTINGS, ...valid };
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
    await this.store.save(next);
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
    save: async (settings: Settings) => {
      store.saved = { ...settings };
    },
  };
  return store;
}
