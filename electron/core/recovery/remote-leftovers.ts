// What sessions left on hosts that could not be reached when the session ended (the host went down
// while it ran, or was down at the restart after a crash): kept in a file of the data directory, so
// neither the end nor a restart forgets it, and tried again at every start and then every
// retry interval until the host answers and its leftover server is ended, its directory removed.
import { readFile, rename } from 'node:fs/promises';
import { cleanUpOnHost } from '../remote/remote-cleanup';
import type { RemoteRecord } from '../remote/remote-record';
import { writeJsonFile } from '../util/atomic-json-file';

export const LEFTOVER_RETRY_MS = 60_000;

export interface RemoteLeftover extends RemoteRecord {
  sessionId: string;
  /** When it was left (epoch ms). */
  since: number;
}

export interface RemoteLeftoversOptions {
  path: string;
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  log(line: string): void;
  retryIntervalMs?: number;
  /** The system's ssh client; default "ssh" on PATH. */
  sshCommand?: string;
}

const isLeftover = (value: unknown): value is RemoteLeftover => {
  const entry = value as Partial<RemoteLeftover> | null;
  return typeof entry?.sessionId === 'string' && typeof entry.destination === 'string' && typeof entry.scratchDir === 'string' && Array.isArray(entry.processes);
};

export class RemoteLeftovers {
  private entries: RemoteLeftover[] = [];
  private timer: NodeJS.Timeout | undefined;
  private retrying: Promise<void> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: RemoteLeftoversOptions) {}

  /** The leftovers not yet ended. */
  list(): RemoteLeftover[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.options.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as { leftovers?: unknown };
      if (!Array.isArray(parsed.leftovers)) throw new Error('expected an object with a "leftovers" list');
      this.entries = parsed.leftovers.filter(isLeftover);
    } catch (error) {
      const movedTo = `${this.options.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.options.path, movedTo);
      this.options.log(`${this.options.path} is damaged (${(error as Error).message}); moved it to ${movedTo}: what it lists on other machines is not ended`);
    }
  }

  /** Keeps what a session left on a host it could not reach; saved at once. */
  keep(sessionId: string, record: RemoteRecord): Promise<void> {
    if (!record.scratchDir && record.processes.length === 0) return Promise.resolve();
    this.entries = [...this.entries.filter((entry) => entry.sessionId !== sessionId), { ...record, sessionId, since: Date.now() }];
    this.options.log(`kept what session ${sessionId} left on ${record.destination}, to end once the host answers`);
    return this.save();
  }

  /** Tries every leftover once (one at a time per call; a call during a round waits for it). */
  retry(): Promise<void> {
    this.retrying ??= (async () => {
      for (const entry of [...this.entries]) {
        const outcome = await cleanUpOnHost(entry, { env: this.options.env, stopGraceMs: this.options.stopGraceMs, ...(this.options.sshCommand ? { sshCommand: this.options.sshCommand } : {}) });
        if (outcome.done) {
          this.entries = this.entries.filter((other) => other !== entry);
          this.options.log(`ended what session ${entry.sessionId} had left on ${entry.destination} (processes ${entry.processes.map((p) => p.pid).join(', ') || 'none'}, ${entry.scratchDir || 'no directory'})`);
          await this.save();
        } else {
          this.options.log(`cannot yet end what session ${entry.sessionId} left on ${entry.destination}: ${outcome.message}`);
        }
      }
    })().finally(() => (this.retrying = undefined));
    return this.retrying;
  }

  /** Retries now, then every retry interval while any is left. */
  start(): void {
    void this.retry();
    this.timer = setInterval(() => {
      if (this.entries.length > 0) void this.retry();
    }, this.options.retryIntervalMs ?? LEFTOVER_RETRY_MS);
    this.timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.retrying;
    await this.saving;
  }

  private save(): Promise<void> {
    const leftovers = this.entries;
    this.saving = this.saving.catch(() => undefined).then(() => writeJsonFile(this.options.path, { version: 1, leftovers }));
    return this.saving.catch((error: Error) => this.options.log(`cannot save ${this.options.path}: ${error.message}`));
  }
}
