// Watches the sessions file and reloads it after each change. Editors often replace a file by
// renaming over it, so directories are watched, not the file: the file's own, the directory of
// the file a symlink leads to, and the parent of the file's directory, so a directory removed and
// made again is watched anew. A slow poll of the file's identity (real path, inode, size, times)
// catches what no watch reports: a symlink further along the path switched, a file system whose
// changes inotify never sees (NFS), events lost to an overflowing queue.
import { realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { loadSessionTypes, type SessionTypeConfig } from './session-types';

export interface ConfigWatcherOptions {
  file: string;
  debounceMs?: number;
  /** How often the file's identity is compared, as a backstop to the watches. */
  pollMs?: number;
  /** fs.watch; tests stand in a file system whose changes it never reports (NFS, some FUSE). */
  watch?: (directory: string) => FSWatcher;
  onValid(types: SessionTypeConfig[]): void;
  onInvalid(message: string): void;
}

const DEFAULT_POLL_MS = 2_000;

interface DirectoryWatch {
  watcher: FSWatcher;
  /** The directory's inode when it was watched: another one means it was made again. */
  ino: number;
  names: Set<string>;
}

export class ConfigWatcher {
  private readonly watches = new Map<string, DirectoryWatch>();
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout | undefined;
  private identity = '';
  private loading: Promise<void> = Promise.resolve();

  constructor(private readonly options: ConfigWatcherOptions) {}

  start(): void {
    this.identity = this.currentIdentity();
    this.arm();
    this.poller = setInterval(() => this.check(), this.options.pollMs ?? DEFAULT_POLL_MS);
    this.poller.unref();
  }

  /** Reloads now (also used after a missed event); loads never overlap. */
  reload(): Promise<void> {
    this.loading = this.loading.then(async () => {
      // What this load reads; the poll reloads only when the file changes after it.
      this.identity = this.currentIdentity();
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
    clearInterval(this.poller);
    for (const { watcher } of this.watches.values()) watcher.close();
    this.watches.clear();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.debounceMs ?? 150);
  }

  private check(): void {
    this.arm();
    if (this.currentIdentity() !== this.identity) this.schedule();
  }

  /** The file as it is now: where its symlinks lead and which version of it is there. */
  private currentIdentity(): string {
    try {
      const real = realpathSync(this.options.file);
      const stats = statSync(real);
      return `${real}\n${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
    } catch (error) {
      return `unreadable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }

  /** The directories to watch, each with the names in it that matter. */
  private targets(): Map<string, Set<string>> {
    const { file } = this.options;
    const targets = new Map<string, Set<string>>();
    const add = (path: string) => {
      const names = targets.get(dirname(path)) ?? new Set<string>();
      targets.set(dirname(path), names.add(basename(path)));
    };
    add(file);
    add(dirname(file));
    try {
      add(realpathSync(file));
    } catch {
      // Missing for now: the watches above see it come back.
    }
    return targets;
  }

  /** Watches each target directory; one made again (another inode) is watched anew. */
  private arm(): void {
    const targets = this.targets();
    for (const [directory, current] of this.watches) {
      if (!targets.has(directory)) {
        current.watcher.close();
        this.watches.delete(directory);
      }
    }
    for (const [directory, names] of targets) {
      const ino = inodeOf(directory);
      const current = this.watches.get(directory);
      if (current && current.ino === ino) {
        current.names = names;
        continue;
      }
      current?.watcher.close();
      this.watches.delete(directory);
      if (ino === undefined) continue;
      const watched = this.watchDirectory(directory, ino, names);
      if (watched) this.watches.set(directory, watched);
    }
  }

  private watchDirectory(directory: string, ino: number, names: Set<string>): DirectoryWatch | undefined {
    try {
      const entry: DirectoryWatch = { watcher: (this.options.watch ?? watch)(directory), ino, names };
      entry.watcher.on('change', (_event, changed) => {
        if (changed === null || entry.names.has(changed.toString())) {
          this.arm();
          this.schedule();
        }
      });
      // A watch that fails (its directory removed, no inotify watches left) is dropped; the poll re-arms.
      entry.watcher.on('error', () => {
        entry.watcher.close();
        if (this.watches.get(directory) === entry) this.watches.delete(directory);
      });
      return entry;
    } catch {
      return undefined;
    }
  }
}

function inodeOf(directory: string): number | undefined {
  try {
    const stats = statSync(directory);
    return stats.isDirectory() ? stats.ino : undefined;
  } catch {
    return undefined;
  }
}
