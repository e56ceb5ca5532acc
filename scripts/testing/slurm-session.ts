// Fixtures for the slurm script's tests: a session type over the test cluster, an engine harness,
// waits on the states and queue a session shows, and what a job leaves behind.
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SessionInfo } from '../../electron/shared/session';
import type { EngineHarness } from '../../electron/core/testing/engine-harness';
import { findProcesses } from '../../electron/core/testing/fixtures';
import type { SlurmCluster } from '../../electron/core/testing/slurm-cluster';

export { slurmType, type SlurmTypeInput } from './slurm-type';

/** The newest view of a session the harness has seen (from the events). */
export function latest(h: EngineHarness, id: string): SessionInfo | undefined {
  for (let i = h.events.length - 1; i >= 0; i--) {
    const event = h.events[i]!;
    if (event.kind === 'session' && event.session.id === id) return event.session;
  }
  return undefined;
}

/** The id of the newest session of a type (one started without awaiting its start). */
export function newestOf(h: EngineHarness, type: string, not: readonly string[] = []): string | undefined {
  for (let i = h.events.length - 1; i >= 0; i--) {
    const event = h.events[i]!;
    if (event.kind === 'session' && event.session.type === type && !not.includes(event.session.id)) return event.session.id;
  }
  return undefined;
}

export async function waitForSession(
  h: EngineHarness,
  find: () => string | undefined,
  predicate: (session: SessionInfo) => boolean,
  what: string,
  timeoutMs = 40_000,
): Promise<SessionInfo> {
  let found: SessionInfo | undefined;
  await expect
    .poll(
      () => {
        const id = find();
        found = id ? latest(h, id) : undefined;
        return found !== undefined && predicate(found);
      },
      { timeout: timeoutMs, interval: 50, message: what },
    )
    .toBe(true);
  return found!;
}

/** A job's processes still alive: its server names the job directory, its desktop command the marker. */
export const jobProcesses = async (jobDir: string, marker: string): Promise<string[]> => [...(await findProcesses(jobDir)), ...(await findProcesses(marker))];

/** The job directory of a session, under a type's work_dir. */
export const jobDirOf = (workDir: string, sessionId: string): string => join(workDir, `session-deck-${sessionId}`);

/** Starts a session; a failed start says what its log and the cluster's daemons said. */
export async function startExplained(h: EngineHarness, cluster: SlurmCluster, type: string): Promise<SessionInfo> {
  try {
    return await h.engine.startSession({ type, size: '800x600' });
  } catch (error) {
    const { message, details } = error as { message: string; details?: { logTail?: string } };
    throw new Error(`${message}\n--- session log\n${details?.logTail ?? ''}\n${await cluster.logs()}`, { cause: error });
  }
}
