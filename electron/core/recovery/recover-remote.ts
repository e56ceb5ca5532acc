// Recovery of a session on another machine after a crash of Session Deck. The old run's local side
// (its ssh master, watchers and forwards) is ended by recorded identity; then a new connection is
// made to the recorded host. A session whose processes there all still run as the very processes
// recorded (pid and start time) and whose server answers through a new forward is re-adopted; any
// other, and every one in cleanup mode, has its processes there ended and its directory there
// removed. A host that cannot be reached ends the session with host_unreachable, and what it left
// there is kept (RemoteLeftovers) to end once the host answers again.
import type { Settings } from '../../shared/settings';
import { endRecordedGroup } from '../process/process-identity';
import { persistedTarget, type PersistedSession } from '../registry/persisted-session';
import type { SessionRegistry } from '../registry/session-registry';
import type { RemoteRecord } from '../remote/remote-record';
import { RemoteSession } from '../remote/remote-session';
import { adoptSessionResources } from '../script-host/adopted-resources';
import { SESSION_MARKER, sessionEnvironment } from '../script-host/session-environment';
import { checkVncAlive } from '../vnc/vnc-liveness';
import type { RemoteLeftovers } from './remote-leftovers';

export interface RemoteRecoveryDeps {
  mode: Settings['recoveryMode'];
  registry: SessionRegistry;
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  leftovers: RemoteLeftovers;
  log(line: string): void;
}

/** Resolves with whether the session was re-adopted (else it has ended, here and there). */
export async function recoverRemoteSession(session: PersistedSession & { remote: RemoteRecord }, deps: RemoteRecoveryDeps): Promise<boolean> {
  const recorded = session.remote;
  // The old connection's processes are ours: end them (a pid reused since is left alone).
  for (const process of session.processes) await endRecordedGroup(process, deps.stopGraceMs);
  const resources = await adoptSessionResources({
    id: session.id,
    scratchDir: session.scratchDir,
    processes: [],
    stopGraceMs: deps.stopGraceMs,
    remote: (log) =>
      new RemoteSession({
        sessionId: session.id,
        destination: recorded.destination,
        placement: { ...(recorded.sshConfig ? { sshConfig: recorded.sshConfig } : {}), sshOptions: recorded.sshOptions ?? [] },
        scratchDir: session.scratchDir,
        passwordFile: `${session.scratchDir}/passwd`,
        logFd: log.fd,
        env: { ...sessionEnvironment(deps.env), ...(deps.env.SSH_AUTH_SOCK ? { SSH_AUTH_SOCK: deps.env.SSH_AUTH_SOCK } : {}), [SESSION_MARKER]: session.id },
        stopGraceMs: deps.stopGraceMs,
        log: (line) => log.line(line),
        onChange: () => {
          const info = deps.registry.findSession(session.id);
          if (info) void deps.registry.events.emit({ kind: 'processes', session: info });
        },
        onLeftover: (record) => void deps.leftovers.keep(session.id, record),
      }),
  });
  const remote = resources.remote!;
  const where = `on ${recorded.destination}`;
  let gone;
  try {
    gone = await remote.reconnect(recorded);
  } catch (error) {
    // No connection: release() keeps what is left there for later; the session ends here.
    const reason = `${recorded.destination} cannot be reached: ${(error as Error).message}`;
    deps.log(`recovery: session ${session.id}: ${reason}; what it left there is ended once the host answers`);
    await deps.registry.endRecovered(session, resources, `Session Deck restarted and could not reach the session's host: ${reason}`, 'host_unreachable');
    return false;
  }
  let problem: string | undefined;
  if (gone) problem = `its ${gone.role} ${gone.name} (pid ${gone.pid} ${where}) is gone`;
  else if (deps.mode !== 'readopt') problem = 'the recovery mode is cleanup';
  else problem = await resumed(remote, recorded, session, where);
  const refusal = problem ?? deps.registry.adoptRecovered(session, resources);
  if (refusal === undefined) {
    deps.log(`recovery: re-adopted session ${session.id} (${session.type} slot ${session.index}) ${where}`);
    return true;
  }
  deps.log(`recovery: cleaning up session ${session.id} ${where}: ${refusal}`);
  await deps.registry.endRecovered(session, resources, `Session Deck restarted and ${refusal === 'the recovery mode is cleanup' ? 'cleans up sessions' : `did not re-adopt it: ${refusal}`}`);
  return false;
}

/** Forwards made again and the server answering through them: undefined, else why not. */
async function resumed(remote: RemoteSession, recorded: RemoteRecord, session: PersistedSession, where: string): Promise<string | undefined> {
  const target = persistedTarget(session);
  if (!target) return 'it never became ready';
  try {
    await remote.resume(recorded);
    await checkVncAlive(target, undefined, 5000);
    return undefined;
  } catch (error) {
    return `its server ${where} cannot be reached again: ${(error as Error).message}`;
  }
}
