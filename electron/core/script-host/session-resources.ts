// Everything one session owns — scratch directory, password file, log, child processes — created
// together and released together, whatever ends the session. Its connection to another machine is
// in remote-resources.ts, the script's waits in session-waits.ts, the checks of its job reports in
// job-reports.ts.
import type { ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobInfo, ProcessRole, QueueStatus, ScriptProcess, ScriptSpawnOptions, SessionResources } from '../../../scripts/api';
import { markScratchDir } from '../data-dir/markers';
import type { EndingExit } from '../process/ending-exit';
import { spawnOwned, type OwnedProcess } from '../process/owned-process';
import { SessionLog } from '../util/session-log';
import { randomVncPassword, writeVncPasswordFile } from '../vnc/vnc-auth';
import type { RemoteRecord } from '../remote/remote-record';
import type { RemoteSession } from '../remote/remote-session';
import type { RemotePlacement } from '../remote/ssh-placement';
import { checkedJob, checkedQueueStatus } from './job-reports';
import { endMarkedProcesses } from './marked-processes';
import { forwardingStep, openRemote } from './remote-resources';
import { SESSION_MARKER, sessionEnvironment } from './session-environment';
import { isPortFree, serverWaits } from './session-waits';

export interface SessionResourcesOptions {
  id: string;
  /** Parent of every session's scratch directory. */
  sessionsDir: string;
  /**
   * The app's environment (the engine never reads process.env itself). Session processes get only
   * its sessionEnvironment() part, plus what the script passes.
   */
  env: NodeJS.ProcessEnv;
  /** How long a process gets between SIGTERM and SIGKILL. */
  stopGraceMs: number;
  /** Default for waitForPort / waitForRfb when a script gives none. */
  waitTimeoutMs: number;
  /** Called when the script starts waiting for its server (a start step the UI shows). */
  onWaiting?: () => void;
  /** Called after each spawn, so the live registry on disk knows every process a session owns. */
  onSpawned?: () => void;
  /** Reads a saved secret by name (the user's secret store). */
  readSecret?: (name: string) => Promise<string | undefined>;
  /** The session runs on another machine: connect to it before the script starts. */
  remote?: { destination: string; placement: RemotePlacement };
  /** Called when the connection to the host starts, and when a forward is made (start steps). */
  onConnecting?: () => void;
  onForwarding?: () => void;
  /** What a batch-job script tells of its job (queue, job, deadline). */
  onJob?: JobListener;
  /** The host could not be reached at the end: what is left there, to end once it answers. */
  keepRemoteLeftover?: (sessionId: string, record: RemoteRecord) => void;
}

/** The registry's ears for a batch-job session (see SessionResources.setQueued / setJob / setDeadline). */
export interface JobListener {
  queued(status: QueueStatus | undefined): void;
  job(job: JobInfo): void;
  deadline(at: number): void;
}


export interface OwnedProcessInfo {
  pid: number;
  role: ProcessRole;
  command: string;
}


const ROLES: readonly ProcessRole[] = ['server', 'command', 'helper'];
const CAUSE_OF_ROLE: Partial<Record<ProcessRole, EndingExit['cause']>> = { server: 'server_exited', command: 'command_exited' };

export interface SessionResourcesHandle {
  readonly resources: SessionResources;
  readonly log: SessionLog;
  /** Resolves when the first process with role 'server' or 'command' exits, or the session's host is lost. Never rejects. */
  readonly endingExit: Promise<EndingExit>;
  /** The session's host, when it runs on another machine. */
  readonly remote?: RemoteSession;
  /** Whether a process with role 'server' was spawned (else liveness is checked over the network). */
  readonly ownsServer: boolean;
  /** The script watches its server itself (a batch job): no network liveness checks. */
  readonly watchedByScript: boolean;
  /** Resolves with the script's description when it says the scheduler ended the job. Never rejects. */
  readonly jobEnded: Promise<string>;
  /** The processes spawned so far that have not exited. */
  liveProcesses(): OwnedProcessInfo[];
  /** The password viewers use: the session's fresh one unless the script set the server's own. */
  readonly viewerPassword: string;
  /** Cancels waits in progress (start timeout, stop during start). */
  abort(reason: string): void;
  /** Ends every process still alive and removes the scratch directory; returns the log's tail. */
  release(): Promise<string>;
}

/**
 * Starts a script runner (the Python runner) as a helper process of the session: in its own process
 * group, with the session's environment and marker, its output in the session's log, ended when the
 * session is released; with node's IPC channel for the runner protocol.
 */
export type RunnerSpawner = (command: string, args: readonly string[], env: Record<string, string>) => ChildProcess;
const runnerSpawners = new WeakMap<SessionResources, RunnerSpawner>();

/** The runner spawner of a session Session Deck made (not one a test or a module made up). */
export function runnerSpawnerOf(resources: SessionResources): RunnerSpawner {
  const spawner = runnerSpawners.get(resources);
  if (!spawner) throw new Error(`session ${resources.id} has no runner spawner`);
  return spawner;
}

const describeExit = (command: string, exit: { code: number | null; signal: string | null }): string =>
  exit.signal ? `${command} was killed by ${exit.signal}` : `${command} exited with code ${exit.code}`;

export async function createSessionResources(options: SessionResourcesOptions): Promise<SessionResourcesHandle> {
  const scratchDir = join(options.sessionsDir, options.id);
  await mkdir(scratchDir, { recursive: false, mode: 0o700 });
  // Start-up clean-up removes only scratch directories carrying this marker.
  await markScratchDir(scratchDir);
  const log = new SessionLog(join(scratchDir, 'session.log'));
  const password = randomVncPassword();
  const passwordFile = join(scratchDir, 'passwd');
  await writeVncPasswordFile(passwordFile, password);

  const baseEnv = sessionEnvironment(options.env);
  const controller = new AbortController();
  const owned: { child: OwnedProcess; info: OwnedProcessInfo }[] = [];
  let reportEndingExit: (exit: EndingExit) => void = () => undefined;
  const endingExit = new Promise<EndingExit>((resolve) => (reportEndingExit = resolve));
  let released: Promise<string> | undefined;

  const remote = options.remote ? await openRemote(options, scratchDir, passwordFile, log) : undefined;
  let ownsServer = remote !== undefined;
  let watchedByScript = false;
  let reportJobEnded: (description: string) => void = () => undefined;
  const jobEnded = new Promise<string>((resolve) => (reportJobEnded = resolve));
  let viewerPassword = password;

  const spawnForSession = (command: string, args: readonly string[], spawnOptions: ScriptSpawnOptions, ipc: boolean): OwnedProcess => {
    if (released) throw new Error('the session has ended; no new process may start');
    const role = spawnOptions.role ?? 'server';
    if (!ROLES.includes(role)) throw new Error(`spawn: role must be one of ${ROLES.join(', ')}, found ${JSON.stringify(role)}`);
    const child = spawnOwned(command, args, {
      cwd: spawnOptions.cwd ?? scratchDir,
      // The marker comes last: a script cannot take it away.
      env: { ...baseEnv, ...spawnOptions.env, [SESSION_MARKER]: options.id },
      outputFd: log.fd,
      ipc,
    });
    owned.push({ child, info: { pid: child.pid, role, command } });
    options.onSpawned?.();
    if (role === 'server') ownsServer = true;
    log.line(`started ${role} ${command} (pid ${child.pid})`);
    void child.exited.then((exit) => {
      const description = describeExit(command, exit);
      log.line(description);
      const cause = CAUSE_OF_ROLE[role];
      if (cause) reportEndingExit({ cause, description });
    });
    return child;
  };

  const resources: SessionResources = {
    id: options.id,
    scratchDir,
    password,
    passwordFile,
    signal: controller.signal,
    log: (message) => log.line(message),
    spawn(command: string, args: readonly string[], spawnOptions: ScriptSpawnOptions = {}): ScriptProcess {
      const child = spawnForSession(command, args, spawnOptions, false);
      return {
        pid: child.pid,
        exited: child.exited,
        get hasExited() {
          return child.hasExited;
        },
        terminate: (graceMs?: number) => child.terminate(graceMs ?? options.stopGraceMs),
      };
    },
    ...serverWaits({ signal: controller.signal, defaultTimeoutMs: options.waitTimeoutMs, onWaiting: () => options.onWaiting?.() }),
    isPortFree,
    secret: (name) => (options.readSecret ? options.readSecret(name) : Promise.resolve(undefined)),
    setViewerPassword: (value) => {
      if (typeof value !== 'string' || value.length === 0) throw new Error('setViewerPassword needs a non-empty string');
      viewerPassword = value;
    },
    ...(remote ? { host: forwardingStep(remote, options) } : {}),
    setQueued: (status) => options.onJob?.queued(status === undefined || status === null ? undefined : checkedQueueStatus(status)),
    setJob: (job) => {
      if (typeof job?.id !== 'string' || job.id === '') throw new Error('setJob needs { id: string, node?: string }');
      watchedByScript = true;
      options.onJob?.job(checkedJob(job));
    },
    jobEnded: (message) => {
      log.line(`the job ended: ${String(message)}`);
      reportJobEnded(String(message));
    },
    setDeadline: (at) => {
      if (typeof at !== 'number' || !Number.isFinite(at)) throw new Error('setDeadline needs epoch milliseconds');
      options.onJob?.deadline(at);
    },
  };

  runnerSpawners.set(resources, (command, args, env) => spawnForSession(command, args, { env, role: 'helper' }, true).process);

  return {
    resources,
    log,
    endingExit: remote ? Promise.race([endingExit, remote.lost]) : endingExit,
    ...(remote ? { remote } : {}),
    get ownsServer() {
      return ownsServer;
    },
    get watchedByScript() {
      return watchedByScript;
    },
    jobEnded,
    get viewerPassword() {
      return viewerPassword;
    },
    liveProcesses: () => [
      ...owned.filter(({ child }) => !child.hasExited).map(({ info }) => ({ ...info })),
      ...(remote?.localProcesses().map(({ process, role, command }) => ({ pid: process.pid, role, command })) ?? []),
    ],
    abort: (reason) => controller.abort(new Error(reason)),
    release() {
      released ??= (async () => {
        controller.abort(new Error('session ended'));
        // Programs on the host first: their watchers and forwards go through the connection.
        await remote?.release();
        await Promise.all(owned.map(({ child }) => child.terminate(options.stopGraceMs)));
        const strays = await endMarkedProcesses(options.id, options.stopGraceMs);
        if (strays.length > 0) log.line(`ended ${strays.length} process(es) that had left the session's process group (pid ${strays.join(', ')})`);
        const tail = log.tail();
        log.close();
        await rm(scratchDir, { recursive: true, force: true });
        return tail;
      })();
      return released;
    },
  };
}
