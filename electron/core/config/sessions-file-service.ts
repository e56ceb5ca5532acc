// The sessions file as the engine keeps it: read at start, watched afterwards, each valid version
// applied (to the registry) and each broken one reported while the last good one stays in use, and
// the status the UI shows of it. Apart from the engine, which only wires it to the registry, the
// event stream and the journal.
import type { ConfigStatus } from '../../shared/session';
import { ConfigWatcher } from './config-watcher';
import { ConfigError, loadSessionTypes, type SessionTypeConfig } from './session-types';

export interface SessionsFileServiceOptions {
  file: string;
  /** A file invalid at start: 'refuse' rejects load(); 'start_without_types' loads no types and reports the error, as after a broken edit. */
  invalidAtStart: 'refuse' | 'start_without_types';
  /** Puts a valid version in use; says which types it added, changed and removed. */
  apply(types: SessionTypeConfig[]): { added: string[]; changed: string[]; removed: string[] };
  /** The status changed: after a version was applied (so the types changed too), or the file turned out broken. */
  onStatus(status: ConfigStatus, applied: boolean): void;
  audit(record: { kind: 'config_reloaded' | 'config_invalid'; details: Record<string, unknown> }): Promise<void>;
  log(line: string): void;
}

export class SessionsFileService {
  private current: ConfigStatus;
  private readonly watcher: ConfigWatcher;

  constructor(private readonly options: SessionsFileServiceOptions) {
    this.current = { file: options.file, loadedAt: 0 };
    this.watcher = new ConfigWatcher({
      file: options.file,
      onValid: (types) => void this.applyConfig(types, 'reloaded'),
      onInvalid: (message) => void this.configInvalid(message),
    });
  }

  get status(): ConfigStatus {
    return { ...this.current };
  }

  /** Reads and applies the file at start; resolves with its types (none when it is invalid and that is allowed). */
  async load(): Promise<SessionTypeConfig[]> {
    let types: SessionTypeConfig[] = [];
    let invalid: string | undefined;
    try {
      types = await loadSessionTypes(this.options.file);
    } catch (error) {
      if (!(error instanceof ConfigError) || this.options.invalidAtStart !== 'start_without_types') throw error;
      invalid = error.message;
    }
    await this.applyConfig(types, 'loaded');
    if (invalid !== undefined) await this.configInvalid(invalid);
    return types;
  }

  /** From now on every change of the file is read and applied. */
  watch(): void {
    this.watcher.start();
  }

  /** Re-reads the file now (the watcher does this on every change). */
  reload(): Promise<void> {
    return this.watcher.reload();
  }

  close(): void {
    this.watcher.close();
  }

  private async applyConfig(types: SessionTypeConfig[], how: 'loaded' | 'reloaded'): Promise<void> {
    const change = this.options.apply(types);
    this.current = { file: this.options.file, loadedAt: Date.now() };
    this.options.onStatus(this.status, true);
    if (how === 'reloaded') await this.options.audit({ kind: 'config_reloaded', details: { ...change } });
  }

  private async configInvalid(message: string): Promise<void> {
    this.options.log(`sessions file: ${message}; the last good configuration stays in use`);
    this.current = { ...this.current, error: message };
    this.options.onStatus(this.status, false);
    await this.options.audit({ kind: 'config_invalid', details: { error: message } });
  }
}
