// Test helpers: a journal in a fresh temporary directory, with a clock the test moves and a log it
// can wait on (instead of sleeping).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryEntry } from '../../../shared/journal';
import { createJournal, type JournalOptions, type JournalService } from '../journal';

export async function makeTempDir(prefix = 'journal-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export class TestClock {
  constructor(public ms = Date.parse('2026-03-10T12:00:00Z')) {}
  readonly now = (): number => this.ms;
  advanceDays(days: number): void {
    this.ms += days * 86_400_000;
  }
}

/** Collects log lines; waitFor resolves on the first (past or future) line that matches. */
export class LogSpy {
  readonly lines: string[] = [];
  private waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readonly log = (line: string): void => {
    this.lines.push(line);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.pattern.test(line)) return true;
      waiter.resolve(line);
      return false;
    });
  };
  waitFor(pattern: RegExp): Promise<string> {
    const seen = this.lines.find((line) => pattern.test(line));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }
}

export async function openJournal(options: Partial<JournalOptions> & { dir: string }): Promise<JournalService> {
  const journal = createJournal({ retentionDays: 30, log: () => undefined, ...options });
  await journal.start();
  return journal;
}

let nextId = 0;

export function historyEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  nextId += 1;
  const endedAt = overrides.endedAt ?? Date.parse('2026-03-10T12:00:00Z');
  const durationMs = overrides.durationMs ?? 60_000;
  return {
    id: `s-${nextId.toString().padStart(6, '0')}`,
    type: 'Local Desktop',
    index: 0,
    size: '1280x800',
    user: 'alice',
    startedAt: endedAt - durationMs,
    endedAt,
    durationMs,
    state: 'terminated',
    cause: 'user_stopped',
    bytesToViewer: 1000,
    bytesFromViewer: 10,
    viewers: 1,
    ...overrides,
  };
}
