// After a crash of Session Deck (kill -9, power loss of the app only), every session recorded in
// the live registry is either re-adopted — its server is the very process we started and still
// answers RFB — or cleaned up: its processes ended (only ours, by pid and start time), its files
// removed, and the session recorded as terminated with cause manager_restarted.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Settings } from '../../shared/settings';
import type { SessionTypeConfig } from '../config/session-types';
import { isOwnScratchDir } from '../data-dir/markers';
import { endRecordedGroup, isSameProcess } from '../process/process-identity';
import { persistedTarget } from '../registry/persisted-session';
import type { SessionRegistry } from '../registry/session-registry';
import { adoptSessionResources } from '../script-host/adopted-resources';
import { checkVncAlive } from '../vnc/vnc-liveness';
import type { LiveRegistryFile, PersistedSession } from './live-registry-file';
import { recoverBatchJob } from './recover-job';
import { recoverRemoteSession } from './recover-remote';
import type { RemoteLeftovers } from './remote-leftovers';

export interface RecoveryOptions {
  file: LiveRegistryFile;
  mode: Settings['recoveryMode'];
  registry: SessionRegistry;
  sessionsDir: string;
  stopGraceMs: number;
  /** The app's environment, for ssh to a session's host. */
  env: NodeJS.ProcessEnv;
  /** What sessions left on hosts that cannot be reached now. */
  leftovers: RemoteLeftovers;
  /** A session type as the sessions file says now. */
  typeConfig(name: string): SessionTypeConfig | undefined;
  log(line: string): void;
}

export interface RecoveryResult {
  readopted: string[];
  cleaned: string[];
}

/** Why the session cannot be re-adopted, or undefined when its server is ours and answers. */
async function readoptionProblem(session: PersistedSession): Promise<string | undefined> {
  const servers = session.processes.filter((process) => process.role === 'server');
  if (servers.length === 0) return 'no server process was recorded';
  for (const server of servers) {
    if (!(await isSameProcess(server))) return `its server ${server.command} (pid ${server.pid}) is gone`;
  }
  const target = persistedTarget(session);
  if (!target) return 'it never became ready';
  try {
    // Over TCP, no banner read that TigerVNC's blacklist would count against the bridge.
    await checkVncAlive(target, undefined, 2000);
  } catch (error) {
    return `its server does not answer: ${(error as Error).message}`;
  }
  return undefined;
}

/** A recorded scratch directory is only removed when it lies inside our own sessions directory. */
const insideSessionsDir = (sessionsDir: string, path: string): boolean => resolve(path).startsWith(resolve(sessionsDir) + sep);

export async function recoverSessions(options: RecoveryOptions): Promise<RecoveryResult> {
  const result: RecoveryResult = { readopted: [], cleaned: [] };
  const { sessions: recorded, corrupt } = await options.file.recover(options.log);
  // Only the very processes recorded (pid and start time) are ended: never a stranger.
  for (const identity of corrupt?.identities ?? []) {
    if (await endRecordedGroup(identity, options.stopGraceMs)) options.log(`recovery: ended process ${identity.pid}, recorded in the damaged live registry`);
  }
  for (const session of recorded) {
    if (!insideSessionsDir(options.sessionsDir, session.scratchDir)) {
      options.log(`recovery: ignoring session ${session.id}: its scratch directory ${session.scratchDir} is not ours`);
      continue;
    }
    if (session.job) {
      const job = session.job;
      const readopted = await recoverBatchJob({ ...session, job }, options).catch(async (error: Error) => {
        options.log(`recovery: session ${session.id}: ${error.message}; Slurm job ${job.id} may still run: cancel it with "scancel ${job.id}"`);
        for (const process of session.processes) await endRecordedGroup(process, options.stopGraceMs);
        await rm(session.scratchDir, { recursive: true, force: true });
        return false;
      });
      result[readopted ? 'readopted' : 'cleaned'].push(session.id);
      continue;
    }
    if (session.remote) {
      const remote = session.remote;
      const readopted = await recoverRemoteSession({ ...session, remote }, options).catch(async (error: Error) => {
        // Its local files are gone or broken: what it has there is ended once the host answers.
        options.log(`recovery: session ${session.id} on ${remote.destination}: ${error.message}; ending what it left there`);
        for (const process of session.processes) await endRecordedGroup(process, options.stopGraceMs);
        await rm(session.scratchDir, { recursive: true, force: true });
        await options.leftovers.keep(session.id, remote);
        return false;
      });
      result[readopted ? 'readopted' : 'cleaned'].push(session.id);
      continue;
    }
    const problem = options.mode === 'readopt' ? await readoptionProblem(session) : 'the recovery mode is cleanup';
    let resources;
    try {
      resources = await adoptSessionResources({ id: session.id, scratchDir: session.scratchDir, processes: session.processes, stopGraceMs: options.stopGraceMs });
    } catch (error) {
      // Its files are gone or broken: end what is still ours of it without them.
      options.log(`recovery: session ${session.id}: ${(error as Error).message}; ending its processes`);
      for (const process of session.processes) await endRecordedGroup(process, options.stopGraceMs);
      await rm(session.scratchDir, { recursive: true, force: true });
      result.cleaned.push(session.id);
      continue;
    }
    const refusal = problem ?? options.registry.adoptRecovered(session, resources);
    if (refusal === undefined) {
      options.log(`recovery: re-adopted session ${session.id} (${session.type} slot ${session.index})`);
      result.readopted.push(session.id);
    } else {
      options.log(`recovery: cleaning up session ${session.id}: ${refusal}`);
      await options.registry.endRecovered(session, resources, `Session Deck restarted and ${refusal.startsWith('the recovery') ? 'cleans up sessions' : `did not re-adopt it: ${refusal}`}`);
      result.cleaned.push(session.id);
    }
  }
  await removeOrphanScratchDirs(options.sessionsDir, new Set(result.readopted), options.log);
  return result;
}

/**
 * Scratch directories that no live session owns (e.g. a crash between mkdir and the first save).
 * Only what Session Deck made is removed: a real directory (never a link), named like a session,
 * holding its marker. Anything else in the folder is left alone and named in the log.
 */
async function removeOrphanScratchDirs(sessionsDir: string, keep: ReadonlySet<string>, log: (line: string) => void): Promise<void> {
  const stats = await lstat(sessionsDir).catch(() => undefined);
  if (!stats?.isDirectory()) return;
  for (const entry of await readdir(sessionsDir)) {
    if (keep.has(entry)) continue;
    if (await isOwnScratchDir(sessionsDir, entry)) await rm(join(sessionsDir, entry), { recursive: true, force: true });
    else log(`recovery: leaving ${join(sessionsDir, entry)} alone: not a scratch directory Session Deck marked (remove it yourself if it is an old one)`);
  }
}
