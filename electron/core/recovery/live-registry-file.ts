// The live registry on disk: every session that is starting or running, with what it owns, so that
// a start after a crash can re-adopt or clean up each one. Written atomically (temporary file,
// fsync, rename), one write at a time, the newest state winning. A file that cannot be read as
// such (damage, a hand edit) is moved aside and named, and the process identities still legible in
// it are handed back, so that recovery can end what is ours.
import { readFile, rename } from 'node:fs/promises';
import type { ProcessIdentity } from '../process/process-identity';
import type { PersistedSession } from '../registry/persisted-session';
import { writeJsonFile } from '../util/atomic-json-file';

export type { PersistedProcess, PersistedSession } from '../registry/persisted-session';

interface FileShape {
  version: 1;
  sessions: PersistedSession[];
}

export interface LiveRegistryRead {
  sessions: PersistedSession[];
  /** Set when the file was damaged and moved aside. */
  corrupt?: { movedTo: string; problem: string; identities: ProcessIdentity[] };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isIdentity = (value: unknown): boolean => isObject(value) && Number.isInteger(value.pid) && typeof value.startTime === 'string';

/** Why the text is not a live registry this version can use, or undefined when it is one. */
function shapeProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.sessions)) return 'expected an object with a "sessions" list';
  const bad = parsed.sessions.findIndex(
    (session) => !isObject(session) || typeof session.id !== 'string' || typeof session.scratchDir !== 'string' || !Array.isArray(session.processes) || !session.processes.every(isIdentity),
  );
  return bad === -1 ? undefined : `/sessions/${bad}: expected a session with id, scratchDir and processes`;
}

/** The {pid, startTime} pairs that can still be read in damaged text, object by object. */
function legibleIdentities(text: string): ProcessIdentity[] {
  const found = new Map<string, ProcessIdentity>();
  for (const chunk of text.split('{')) {
    const pid = /"pid"\s*:\s*(\d+)/.exec(chunk)?.[1];
    const startTime = /"startTime"\s*:\s*"(\d+)"/.exec(chunk)?.[1];
    if (pid !== undefined && startTime !== undefined) found.set(`${pid}/${startTime}`, { pid: Number(pid), startTime });
  }
  return [...found.values()];
}

export class LiveRegistryFile {
  private writing: Promise<void> = Promise.resolve();
  private pending: PersistedSession[] | undefined;

  constructor(readonly path: string) {}

  async read(): Promise<PersistedSession[]> {
    return (await this.recover(() => undefined)).sessions;
  }

  /**
   * The recorded sessions. A damaged file is renamed to <file>.corrupt-<time> (logged), and
   * comes back as no sessions plus the process identities legible in its text.
   */
  async recover(log: (line: string) => void): Promise<LiveRegistryRead> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { sessions: [] };
      throw error;
    }
    const problem = shapeProblem(text);
    if (problem === undefined) return { sessions: (JSON.parse(text) as FileShape).sessions };
    const movedTo = `${this.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(this.path, movedTo);
    const identities = legibleIdentities(text);
    log(
      `live registry ${this.path} is damaged (${problem}); moved it to ${movedTo}. ` +
        `${identities.length} process identit${identities.length === 1 ? 'y' : 'ies'} could still be read from it; those processes are ended if they are still Session Deck's. ` +
        `Sessions it recorded are not re-adopted: if a VNC server of Session Deck still runs, end it yourself (its scratch directory is under sessions/ in the data directory).`,
    );
    return { sessions: [], corrupt: { movedTo, problem, identities } };
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
