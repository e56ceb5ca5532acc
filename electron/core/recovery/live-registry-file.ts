// The live registry on disk: every session that is starting or running, with what it owns, so that
// a start after a crash can re-adopt or clean up each one. Written atomically (temporary file,
// fsync, rename), one write at a time, the newest state winning.
import type { PersistedSession } from '../registry/persisted-session';
import { readJsonFile, writeJsonFile } from '../util/atomic-json-file';

export type { PersistedProcess, PersistedSession } from '../registry/persisted-session';

interface FileShape {
  version: 1;
  sessions: PersistedSession[];
}

export class LiveRegistryFile {
  private writing: Promise<void> = Promise.resolve();
  private pending: PersistedSession[] | undefined;

  constructor(readonly path: string) {}

  async read(): Promise<PersistedSession[]> {
    const parsed = (await readJsonFile(this.path)) as Partial<FileShape> | null | undefined;
    return Array.isArray(parsed?.sessions) ? parsed.sessions : [];
  }

  /** Schedules a write of this state; resolves once it (or a newer one) is on disk. */
  write(sessions: PersistedSession[]): Promise<void> {
    const alreadyQueued = this.pending !== undefined;
    this.pending = sessions;
    if (!alreadyQueued) {
      // After a failed write (full disk), the next one still runs.
      this.writing = this.writing.catch(() => undefined).then(() => {
        const next = this.pending!;
        this.pending = undefined;
        return this.writeNow(next);
      });
    }
    return this.writing;
  }

  private writeNow(sessions: PersistedSession[]): Promise<void> {
    return writeJsonFile(this.path, { version: 1, sessions } satisfies FileShape);
  }
}
