// Recovery of a session that runs as a Slurm job, after a crash of Session Deck: the job recorded
// is looked up in the scheduler. A running job is re-adopted (its connection record read again,
// viewers reach its server directly or through a new SSH forward, the job watched again); in
// cleanup mode it is cancelled. A job still waiting in the queue is cancelled (its session cannot
// be taken back before it runs; starting it again queues a new one). A job that has ended ends
// its session with job_ended. So no job is left that nobody owns.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionJob } from '../../shared/session';
import type { Settings } from '../../shared/settings';
import type { SessionTypeConfig } from '../config/session-types';
import { endRecordedGroup } from '../process/process-identity';
import { type PersistedSession } from '../registry/persisted-session';
import type { SessionRegistry } from '../registry/session-registry';
import { adoptSessionResources } from '../script-host/adopted-resources';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { describeTarget, tcpTarget } from '../vnc/vnc-target';
import { checkVncAlive } from '../vnc/vnc-liveness';
import { slurmCommands, slurmMessage, type SlurmCommands } from '../../../scripts/lib/slurm/commands';
import { readConnectionRecord, sshForward } from '../../../scripts/lib/slurm/connection';
import { describeJobEnd, jobStatus, type JobStatus } from '../../../scripts/lib/slurm/job-status';
import { readSlurmOptions, type SlurmOptions } from '../../../scripts/lib/slurm/options';

export interface JobRecoveryDeps {
  mode: Settings['recoveryMode'];
  registry: SessionRegistry;
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  /** The session type as the sessions file says now. */
  typeConfig(name: string): SessionTypeConfig | undefined;
  log(line: string): void;
}

const ANSWER_TRIES = 5;
const CANCEL_WAIT_MS = 20_000;
const RECORD_WAIT_MS = 30_000;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


/** squeue's answer, asked again a few times while the controller does not answer. */
async function statusOf(commands: SlurmCommands, id: string): Promise<JobStatus> {
  let status = await jobStatus(commands, id);
  for (let attempt = 1; status.kind === 'unknown' && attempt < ANSWER_TRIES; attempt++) {
    await delay(1000);
    status = await jobStatus(commands, id);
  }
  return status;
}

/** scancel, then wait until Slurm has let the job go; the job directory (when ours) removed. */
async function cancelJob(commands: SlurmCommands, id: string, jobDir: string | undefined, log: (line: string) => void): Promise<void> {
  const run = await commands.run('scancel', [id]).catch((error: Error) => ({ code: null, output: error.message }));
  if (run.code !== 0) log(`scancel ${id}: ${slurmMessage(run.output)}`);
  const until = Date.now() + CANCEL_WAIT_MS;
  for (;;) {
    const status = await jobStatus(commands, id);
    if (status.kind === 'ended') break;
    if (Date.now() > until) {
      log(`Slurm job ${id} is still ${status.kind === 'unknown' ? 'not answering' : status.state} ${CANCEL_WAIT_MS / 1000} s after scancel`);
      break;
    }
    await delay(200);
  }
  if (jobDir) await rm(jobDir, { recursive: true, force: true });
}

/** Resolves with whether the session was re-adopted (else it has ended, and its job with it). */
export async function recoverBatchJob(session: PersistedSession & { job: SessionJob }, deps: JobRecoveryDeps): Promise<boolean> {
  const { id: jobId } = session.job;
  // The old run's forward and commands are ours: end them (a pid reused since is left alone).
  for (const process of session.processes) await endRecordedGroup(process, deps.stopGraceMs);
  const handle = await adoptSessionResources({ id: session.id, scratchDir: session.scratchDir, processes: [], stopGraceMs: deps.stopGraceMs, env: deps.env });
  const end = (reason: string, cause?: 'job_ended') => deps.registry.endRecovered(session, handle, reason, cause).then(() => false);
  const config = deps.typeConfig(session.type);
  let slurm: SlurmOptions;
  try {
    if (config?.script !== 'slurm') throw new Error(`its type "${session.type}" is no longer a Slurm type in the sessions file`);
    slurm = readSlurmOptions(config.options);
  } catch (error) {
    const why = `${(error as Error).message}: Slurm job ${jobId} may still run; cancel it with "scancel ${jobId}"`;
    deps.log(`recovery: session ${session.id}: ${why}`);
    return end(`Session Deck restarted and cannot look its job up: ${why}`);
  }
  const commands = slurmCommands(handle.resources, slurm);
  const jobDir = slurm.workDir ? join(slurm.workDir, `session-deck-${session.id}`) : join(session.scratchDir, 'job');
  const ownJobDir = slurm.workDir ? jobDir : undefined;
  const cancel = () => cancelJob(commands, jobId, ownJobDir, (line) => handle.log.line(line));
  const removeJobDir = async () => void (ownJobDir && (await rm(ownJobDir, { recursive: true, force: true })));
  const status = await statusOf(commands, jobId);
  if (status.kind === 'ended') {
    await removeJobDir();
    return end(describeJobEnd(jobId, status), 'job_ended');
  }
  const refusal =
    status.kind === 'unknown' ? `Slurm does not answer about job ${jobId} (${status.message}); cancelled it`
    : deps.mode !== 'readopt' ? `cleans up sessions: cancelled Slurm job ${jobId}`
    : status.kind === 'queued' ? `its Slurm job ${jobId} was still waiting in the queue (${status.reason || 'pending'}); cancelled it: start the session again`
    : undefined;
  if (refusal === undefined) {
    const adopted = await readopt(session, handle, { commands, slurm, jobDir, cancel, removeJobDir, running: status as Extract<JobStatus, { kind: 'running' }> }, deps).catch((error: Error) => error.message);
    if (adopted === undefined) {
      deps.log(`recovery: re-adopted session ${session.id} (${session.type} slot ${session.index}), Slurm job ${jobId}`);
      return true;
    }
    deps.log(`recovery: cleaning up session ${session.id}: ${adopted}`);
    await cancel();
    return end(`Session Deck restarted and did not re-adopt it: ${adopted}; cancelled Slurm job ${jobId}`);
  }
  deps.log(`recovery: session ${session.id}: ${refusal}`);
  await cancel();
  return end(`Session Deck restarted and ${refusal.startsWith('cleans') ? refusal : `did not re-adopt it: ${refusal}`}`);
}

interface RunningJob {
  commands: SlurmCommands;
  slurm: SlurmOptions;
  jobDir: string;
  cancel(): Promise<void>;
  removeJobDir(): Promise<void>;
  running: Extract<JobStatus, { kind: 'running' }>;
}

/** Reconnects to the running job's server and takes the session back; undefined when done, else why not. */
async function readopt(session: PersistedSession & { job: SessionJob }, handle: SessionResourcesHandle, job: RunningJob, deps: JobRecoveryDeps): Promise<string | undefined> {
  const { resources } = handle;
  const timer = setTimeout(() => handle.abort('the connection record did not come'), RECORD_WAIT_MS);
  const record = await readConnectionRecord(job.jobDir, resources, async () => {
    const status = await jobStatus(job.commands, session.job.id);
    return status.kind === 'ended' ? describeJobEnd(session.job.id, status) : undefined;
  }).finally(() => clearTimeout(timer));
  let target;
  if (job.slurm.direct) {
    target = tcpTarget(record.host, record.port);
    await checkVncAlive(target, undefined, 5000);
  } else {
    const local = await sshForward(resources, { node: record.node, port: record.port, ...(job.slurm.sshConfig ? { sshConfig: job.slurm.sshConfig } : {}) });
    target = tcpTarget('127.0.0.1', local);
  }
  handle.log.line(`Slurm job ${session.job.id} runs on ${record.node}: display :${record.display}, reached at ${describeTarget(target)}`);
  const watch = new AbortController();
  let gone = false;
  let reportEnd: (description: string) => void = () => undefined;
  const jobEnded = new Promise<string>((resolve) => (reportEnd = resolve));
  void watchJob(job, session.job.id, watch.signal, (description) => {
    // Slurm has let it go: nothing to cancel at the release.
    gone = true;
    reportEnd(description);
  });
  let released: Promise<string> | undefined;
  const withJob: SessionResourcesHandle = {
    ...handle,
    watchedByScript: true,
    jobEnded,
    release: () =>
      (released ??= (async () => {
        watch.abort();
        if (gone) await job.removeJobDir();
        else await job.cancel();
        return handle.release();
      })()),
  };
  const deadline = job.running.endsAt ?? session.extendedDeadline;
  const refusal = deps.registry.adoptRecovered({ ...session, target, ...(deadline !== undefined ? { extendedDeadline: deadline } : {}) }, withJob);
  if (refusal !== undefined) {
    watch.abort();
    await handle.release();
  }
  return refusal;
}

/** Polls squeue while the job runs; its end (by the scheduler) is reported once. */
async function watchJob(job: RunningJob, id: string, signal: AbortSignal, reportEnd: (description: string) => void): Promise<void> {
  while (!signal.aborted) {
    await delay(job.slurm.pollIntervalMs);
    if (signal.aborted) return;
    const status = await jobStatus(job.commands, id).catch((error: Error) => ({ kind: 'unknown' as const, message: error.message }));
    if (status.kind === 'ended' && !signal.aborted) return reportEnd(describeJobEnd(id, status));
  }
}
