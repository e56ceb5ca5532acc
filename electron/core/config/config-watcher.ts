// Watches the sessions file and reloads it after each change. Editors often replace a file by
// renaming over it, so the directory is watched, not the file; bursts of events are debounced.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { loadSessionTypes, type SessionTypeConfig } from './session-types';

export interface ConfigWatcherOptions {
  file: string;
  debounceMs?: number;
  onValid(types: SessionTypeConfig[]): void;
  onInvalid(message: string): void;
}

export class ConfigWatcher {
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConfigWatcherOptions) {}

  start(): void {
    const name = basename(this.options.file);
    this.watcher = watch(dirname(this.options.file), (_event, changed) => {
      if (changed === null || changed.toString() === name) this.schedule();
    });
    this.watcher.on('error', (error) => this.options.onInvalid(`${name}: cannot watch for changes: ${error.message}`));
  }

  /** Reloads now (also used after a missed event); loads never overlap. */
  reload(): Promise<void> {
    this.loading = this.loading.then(async () => {
      try {
        this.options.onValid(await loadSessionTypes(this.options.file));
      } catch (error) {
        this.options.onInvalid((error as Error).message);
      }
    });
    return this.loading;
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 150);
  }
}
