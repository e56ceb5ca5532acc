// The resources of a session re-adopted after a crash: its processes are no longer our children,
// so their exit is watched by polling, and they are ended by their recorded identity only.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessRole, ScriptProcess, ScriptSpawnOptions, SessionResources } from '../../../scripts/api';
import { spawnOwned, type OwnedProcess } from '../process/owned-process';
import { SESSION_MARKER, sessionEnvironment } from './session-environment';
import { endRecordedGroup, isSameProcess } from '../process/process-identity';
import type { PersistedProcess } from '../process/persisted-process';
import { SessionLog } from '../util/session-log';
import { waitUntil } from '../util/wait';
import { readRfbBanner } from '../vnc/rfb-client';
import { tcpTarget } from '../vnc/vnc-target';
import { readVncPasswordFile } from '../vnc/vnc-auth';
import { endMarkedProcesses } from './marked-processes';
import type { EndingExit } from '../process/ending-exit';
import type { RemoteSession } from '../remote/remote-session';
import type { SessionResourcesHandle } from './session-resources';
import { isPortFree } from './session-waits';

const WATCH_INTERVAL_MS = 250;

/** Helpers and commands first, servers last, each kind in its recorded order. */
export function endingOrder<T extends { role: ProcessRole }>(processes: readonly T[]): T[] {
  const rank = (process: T) => (process.role === 'server' ? 1 : 0);
  return [...processes].sort((a, b) => rank(a) - rank(b));
}

export async function adoptSessionResources(options: {
  id: string;
  scratchDir: string;
  processes: readonly PersistedProcess[];
  stopGraceMs: number;
  /** A session on another machine: its side there, connected again through the session's log. */
  remote?: (log: SessionLog) => RemoteSession;
  /** The app's environment: given, the recovery may start processes for the session (a batch job's commands, a forward). */
  env?: NodeJS.ProcessEnv;
}): Promise<SessionResourcesHandle> {
  const passwordFile = join(options.scratchDir, 'passwd');
  const password = await readVncPasswordFile(passwordFile);
  const log = new SessionLog(join(options.scratchDir, 'session.log'));
  log.line('re-adopted after a restart of Session Deck');
  const remote = options.remote?.(log);
  const controller = new AbortController();
  const servers = options.processes.filter((process) => process.role === 'server');
  const ending = options.processes.filter((process) => process.role === 'server' || process.role === 'command');

  let watch: NodeJS.Timeout | undefined;
  const endingExit = new Promise<EndingExit>((resolve) => {
    watch = setInterval(() => {
      void (async () => {
        for (const process of ending) {
          if (!(await isSameProcess(process))) {
            clearInterval(watch);
            resolve({ cause: process.role === 'server' ? 'server_exited' : 'command_exited', description: `${process.command} (pid ${process.pid}) is gone` });
            return;
          }
        }
      })();
    }, WATCH_INTERVAL_MS);
    watch.unref();
  });

  const spawned: { child: OwnedProcess; role: ProcessRole; command: string }[] = [];
  let released: Promise<string> | undefined;
  const spawn = (command: string, args: readonly string[], spawnOptions: ScriptSpawnOptions = {}): ScriptProcess => {
    if (!options.env || released) throw new Error('a re-adopted session cannot start new processes');
    const child = spawnOwned(command, args, {
      cwd: options.scratchDir,
      env: { ...sessionEnvironment(options.env), ...spawnOptions.env, [SESSION_MARKER]: options.id },
      outputFd: log.fd,
    });
    const role = spawnOptions.role ?? 'server';
    spawned.push({ child, role, command });
    if (role !== 'helper') {
      void child.exited.then((exit) => {
        if (!released) reportSpawnedExit({ cause: role === 'server' ? 'server_exited' : 'command_exited', description: `${command} exited (${exit.signal ?? `code ${exit.code}`})` });
      });
    }
    return { pid: child.pid, exited: child.exited, get hasExited() { return child.hasExited; }, terminate: (graceMs?: number) => child.terminate(graceMs ?? options.stopGraceMs) };
  };
  let reportSpawnedExit: (exit: EndingExit) => void = () => undefined;
  const spawnedExit = new Promise<EndingExit>((resolve) => (reportSpawnedExit = resolve));

  const resources: SessionResources = {
    id: options.id,
    scratchDir: options.scratchDir,
    password,
    passwordFile,
    signal: controller.signal,
    log: (message) => log.line(message),
    spawn,
    waitForPort: () => Promise.reject(new Error('not available for a re-adopted session')),
    // What the recovery of a batch job needs: a forward's far end answering (TCP only).
    waitForRfb: ((host: string, port: number, timeoutMs?: number) =>
      options.env && typeof port === 'number'
        ? waitUntil(() => readRfbBanner(tcpTarget(host, port), 2000), { what: `VNC server at ${host}:${port}`, timeoutMs: timeoutMs ?? 30_000, signal: controller.signal })
        : Promise.reject(new Error('not available for a re-adopted session'))) as SessionResources['waitForRfb'],
    isPortFree: (host, port) => (options.env ? isPortFree(host, port) : Promise.resolve(false)),
    secret: () => Promise.resolve(undefined),
    setViewerPassword: () => {
      throw new Error('not available for a re-adopted session');
    },
    setQueued: () => undefined,
    setJob: () => undefined,
    jobEnded: () => undefined,
    setDeadline: () => undefined,
  };

  return {
    resources,
    log,
    endingExit: Promise.race([endingExit, spawnedExit, ...(remote ? [remote.lost] : [])]),
    ...(remote ? { remote } : {}),
    ownsServer: servers.length > 0 || remote !== undefined,
    watchedByScript: false,
    // A re-adopted session's script is not running: nothing reports a job's end.
    jobEnded: new Promise<string>(() => undefined),
    viewerPassword: password,
    liveProcesses: () => [
      ...options.processes.map(({ pid, role, command }) => ({ pid, role, command })),
      ...(remote?.localProcesses().map(({ process, role, command }) => ({ pid: process.pid, role, command })) ?? []),
      ...spawned.filter(({ child }) => !child.hasExited).map(({ child, role, command }) => ({ pid: child.pid, role, command })),
    ],
    abort: (reason) => controller.abort(new Error(reason)),
    release() {
      released ??= (async () => {
        clearInterval(watch);
        controller.abort(new Error('session ended'));
        // Programs on the host first: their watchers and forwards go through the connection.
        await remote?.release();
        await Promise.all(spawned.map(({ child }) => child.terminate(options.stopGraceMs)));
        // Helpers first, so desktop programs do not outlive their display.
        for (const process of endingOrder(options.processes)) {
          await endRecordedGroup(process, options.stopGraceMs);
        }
        // What left the recorded groups (setsid) still carries the session's marker.
        const strays = await endMarkedProcesses(options.id, options.stopGraceMs);
        if (strays.length > 0) log.line(`ended ${strays.length} process(es) that had left the session's process group (pid ${strays.join(', ')})`);
        const tail = log.tail();
        log.close();
        await rm(options.scratchDir, { recursive: true, force: true });
        return tail;
      })();
      return released;
    },
  };
}
