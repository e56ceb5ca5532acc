// The live registry on disk: every session that is starting or running, with what it owns, so that
// a start after a crash can re-adopt or clean up each one. Written atomically (temporary file,
// fsync, rename), one write at a time, the newest state winning.
import { open, readFile, rename } from 'node:fs/promises';
import type { ProcessIdentity } from '../process/process-identity';

export interface PersistedProcess extends ProcessIdentity {
  role: 'server' | 'helper';
  command: string;
}

export interface PersistedSession {
  id: string;
  type: string;
  index: number;
  size: string;
  user: string;
  createdAt: number;
  extendedDeadline?: number;
  /** Where the VNC server listens, once the session was ready. */
  target?: { host: string; port: number };
  scratchDir: string;
  processes: PersistedProcess[];
}

interface FileShape {
  version: 1;
  sessions: PersistedSession[];
}

export class LiveRegistryFile {
  private writing: Promise<void> = Promise.resolve();
  private pending: PersistedSession[] | undefined;

  constructor(readonly path: string) {}

  async read(): Promise<PersistedSession[]> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = JSON.parse(text) as Partial<FileShape>;
    return Array.isArray(parsed.sessions) ? parsed.sessions : [];
  }

  /** Schedules a write of this state; resolves once it (or a newer one) is on disk. */
  write(sessions: PersistedSession[]): Promise<void> {
    const alreadyQueued = this.pending !== undefined;
    this.pending = sessions;
    if (!alreadyQueued) {
      this.writing = this.writing.then(() => {
        const next = this.pending!;
        this.pending = undefined;
        return this.writeNow(next);
      });
    }
    return this.writing;
  }

  private async writeNow(sessions: PersistedSession[]): Promise<void> {
    const temporary = `${this.path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify({ version: 1, sessions } satisfies FileShape));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, this.path);
  }
}
