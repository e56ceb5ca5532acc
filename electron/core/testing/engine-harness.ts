// Builds an engine for an integration test: its own temp dir, sessions file and data dir, short
// timings, and every event recorded. close() stops it and removes the directory.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeckEvent, SessionInfo } from '../../shared/session';
import { SessionDeckEngine } from '../engine';
import type { EngineOptions } from '../engine-options';
import { makeTempDir, writeSessionsFile } from './fixtures';

export interface EngineHarness {
  engine: SessionDeckEngine;
  dir: string;
  sessionsFile: string;
  events: DeckEvent[];
  logs: string[];
  /** Writes a module file into the test directory, for a type's "script". */
  writeModule(name: string, source: string): Promise<string>;
  /** Rewrites the sessions file (the watcher picks it up). */
  writeTypes(types: unknown): Promise<void>;
  /** States a session went through, consecutive repeats folded. */
  statesOf(id: string): string[];
  close(): Promise<void>;
}

export async function startEngine(types: unknown, options: Partial<EngineOptions> = {}, modules: Record<string, string> = {}): Promise<EngineHarness> {
  const dir = await makeTempDir('deck-harness');
  for (const [name, source] of Object.entries(modules)) await writeFile(join(dir.path, name), source);
  const sessionsFile = await writeSessionsFile(dir.path, types);
  const logs: string[] = [];
  const engine = new SessionDeckEngine({
    sessionsFile,
    dataDir: join(dir.path, 'data'),
    user: 'tester',
    userGroups: [],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    allowedOrigins: [],
    allowMissingOrigin: true,
    stopGraceMs: 2_000,
    log: (line) => logs.push(line),
    ...options,
    timing: { startTimeoutMs: 15_000, sweepIntervalMs: 100, ...options.timing },
  });
  const events: DeckEvent[] = [];
  engine.onEvent((event) => events.push(event));
  await engine.start();
  return {
    engine,
    dir: dir.path,
    sessionsFile,
    events,
    logs,
    async writeModule(name, source) {
      const path = join(dir.path, name);
      await writeFile(path, source);
      return path;
    },
    async writeTypes(next) {
      await writeSessionsFile(dir.path, next);
    },
    statesOf(id) {
      const states = events.flatMap((event) => (event.kind === 'session' && event.session.id === id ? [event.session.state] : []));
      return states.filter((state, i) => state !== states[i - 1]);
    },
    async close() {
      await engine.close();
      await dir.remove();
    },
  };
}

/** The final state of every session the harness saw. */
export const endedSessions = (events: readonly DeckEvent[]): SessionInfo[] =>
  events.flatMap((event) => (event.kind === 'session' && (event.session.state === 'terminated' || event.session.state === 'failed') ? [event.session] : []));
