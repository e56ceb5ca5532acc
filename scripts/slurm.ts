// Built-in script: a desktop as a Slurm batch job. start() submits the job (sbatch --parsable, the
// job script on stdin), follows it through squeue while it waits (the session is queued, with
// Slurm's reason, its position among the partition's pending jobs and the expected start), waits
// for the connection record the job writes on its node, and tells the app where the server listens
// (the node directly with options.direct, else an SSH forward to the node). While it runs, squeue
// is asked again every poll interval: a job the scheduler ended ends the session (job_ended, with
// Slurm's state and reason). stop() cancels the job and waits until Slurm has let it go.
// The job's time limit is the session's deadline; extend() asks scontrol for more (time-limit).
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RealizeServiceArgs, SessionResources, SessionService, StartOptions } from './api';
import { settle } from './lib/options';
import { parsedJobId, slurmCommands, slurmMessage, type SlurmCommands } from './lib/slurm/commands';
import { jobScript } from './lib/slurm/job-script';
import { describeJobEnd, jobStatus, queuePosition, type JobStatus } from './lib/slurm/job-status';
import { readSlurmOptions, type SlurmOptions } from './lib/slurm/options';
import { readConnectionRecord, sshForward } from './lib/slurm/connection';
import { raiseTimeLimit } from './lib/slurm/time-limit';

const MINUTE = 60_000;
const CANCEL_WAIT_MS = 20_000;

const delay = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });


interface Job {
  id: string;
  commands: SlurmCommands;
  session: SessionResources;
  jobDir: string;
  ownsJobDir: boolean;
  /** Ends the watch of a running job (stop() or the end it saw). */
  watch: AbortController;
  watching?: Promise<void>;
  startedAt?: number;
  timeLimitMinutes: number;
}

export function realizeService({ name, commonOptions, setHostPort }: RealizeServiceArgs): SessionService {
  const config = settle(() => readSlurmOptions(commonOptions));
  let job: Job | undefined;

  async function submit(options: StartOptions, slurm: SlurmOptions): Promise<Job> {
    const { session } = options;
    const ownsJobDir = slurm.workDir !== undefined;
    const jobDir = slurm.workDir ? join(slurm.workDir, `session-deck-${session.id}`) : join(session.scratchDir, 'job');
    await mkdir(jobDir, { mode: 0o700 });
    // The node's server reads the session's fresh password from here; only this user can.
    await copyFile(session.passwordFile, join(jobDir, 'passwd'));
    const timeLimitMinutes = slurm.timeLimitMinutes ?? Math.max(1, Math.floor(options.maxDurationMs / MINUTE));
    const scriptFile = join(session.scratchDir, 'job.sh');
    const script = jobScript({
      server: slurm.server,
      jobDir,
      size: options.size,
      depth: slurm.depth,
      name,
      displayBase: slurm.displayBase,
      displayCount: slurm.displayCount,
      direct: slurm.direct,
      ...(slurm.command ? { command: slurm.command } : {}),
      ...(slurm.slurmConf ? { slurmConf: slurm.slurmConf } : {}),
    });
    await writeFile(scriptFile, script, { mode: 0o600 });
    const commands = slurmCommands(session, slurm);
    const args = [
      '--parsable',
      `--job-name=deck-${name}`.slice(0, 100),
      `--time=${timeLimitMinutes}`,
      `--chdir=${jobDir}`,
      `--output=${join(jobDir, 'job.log')}`,
      ...(slurm.partition ? [`--partition=${slurm.partition}`] : []),
      ...(slurm.account ? [`--account=${slurm.account}`] : []),
      ...(slurm.qos ? [`--qos=${slurm.qos}`] : []),
      ...slurm.sbatchArgs,
    ];
    const run = await commands.run('sbatch', args, { stdinFile: scriptFile });
    const id = parsedJobId(run.output);
    if (!id || run.code !== 0) {
      if (ownsJobDir) await rm(jobDir, { recursive: true, force: true });
      throw new Error(`Slurm refused the job: ${slurmMessage(run.output)}`);
    }
    session.log(`submitted Slurm job ${id} (time limit ${timeLimitMinutes} min)`);
    session.setJob({ id });
    return { id, commands, session, jobDir, ownsJobDir, watch: new AbortController(), timeLimitMinutes };
  }

  /** Follows the job until it runs; queued meanwhile. Throws if it ends first. */
  async function waitUntilRunning(current: Job, slurm: SlurmOptions): Promise<Extract<JobStatus, { kind: 'running' }>> {
    const { session } = current;
    let lastUnknown = '';
    let lastQueued = '';
    while (!session.signal.aborted) {
      const status = await jobStatus(current.commands, current.id);
      if (status.kind === 'running') {
        session.setQueued(undefined);
        return status;
      }
      if (status.kind === 'ended') throw new Error(`${describeJobEnd(current.id, status)} before it ran`);
      if (status.kind === 'unknown') {
        if (status.message !== lastUnknown) session.log(`Slurm did not answer about job ${current.id} (asking again): ${status.message}`);
        lastUnknown = status.message;
      } else {
        const place = await queuePosition(current.commands, current.id, status.partition);
        const queued = { reason: status.reason || 'None', ...place, ...(status.expectedStartAt ? { expectedStartAt: status.expectedStartAt } : {}) };
        const text = JSON.stringify(queued);
        if (text !== lastQueued) session.setQueued(queued);
        lastQueued = text;
      }
      await delay(slurm.pollIntervalMs, session.signal);
    }
    throw new Error(`stopped waiting for Slurm job ${current.id}`);
  }

  /** While the job runs: its end (by the scheduler) ends the session; a changed time limit moves the deadline. */
  async function watchRunning(current: Job, slurm: SlurmOptions, endsAt: number | undefined): Promise<void> {
    const { signal } = current.watch;
    let deadline = endsAt;
    while (!signal.aborted) {
      await delay(slurm.pollIntervalMs, signal);
      if (signal.aborted) return;
      const status = await jobStatus(current.commands, current.id).catch((error: Error) => ({ kind: 'unknown' as const, message: error.message }));
      if (signal.aborted) return;
      if (status.kind === 'ended') {
        current.session.jobEnded(describeJobEnd(current.id, status));
        return;
      }
      if (status.kind === 'running' && status.endsAt !== undefined && status.endsAt !== deadline) {
        deadline = status.endsAt;
        current.session.setDeadline(deadline);
      }
    }
  }

  async function cancel(current: Job): Promise<void> {
    current.watch.abort();
    await current.watching;
    const run = await current.commands.run('scancel', [current.id]).catch((error: Error) => ({ code: null, output: error.message }));
    if (run.code !== 0) current.session.log(`scancel ${current.id}: ${slurmMessage(run.output)}`);
    const until = Date.now() + CANCEL_WAIT_MS;
    for (;;) {
      const status = await jobStatus(current.commands, current.id);
      if (status.kind === 'ended') break;
      if (Date.now() > until) {
        current.session.log(`Slurm job ${current.id} is still ${status.kind === 'unknown' ? 'not answering' : status.state} ${CANCEL_WAIT_MS / 1000} s after scancel`);
        break;
      }
      await delay(200);
    }
    if (current.ownsJobDir) await rm(current.jobDir, { recursive: true, force: true });
  }

  return {
    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const slurm = config.value;
      const { session } = options;
      const current = await submit(options, slurm);
      job = current;
      const running = await waitUntilRunning(current, slurm);
      current.startedAt = running.startedAt ?? Date.now();
      const queueWaitMs = running.submittedAt !== undefined ? Math.max(0, current.startedAt - running.submittedAt) : undefined;
      session.setJob({ id: current.id, node: running.node, ...(queueWaitMs !== undefined ? { queueWaitMs } : {}) });
      session.log(`Slurm job ${current.id} runs on ${running.node}`);
      if (running.timeLimitMinutes !== undefined) current.timeLimitMinutes = Math.round(running.timeLimitMinutes);
      if (running.endsAt !== undefined) session.setDeadline(running.endsAt);

      const record = await readConnectionRecord(current.jobDir, session, async () => {
        const status = await jobStatus(current.commands, current.id);
        return status.kind === 'ended' ? `${describeJobEnd(current.id, status)} before its server was ready` : undefined;
      });
      session.log(`the job's server: display :${record.display} on ${record.node}, ${record.host}:${record.port}`);
      if (slurm.direct) {
        await session.waitForRfb(record.host, record.port);
        setHostPort(record.host, record.port);
      } else {
        const local = await sshForward(session, { node: record.node, port: record.port, ...(slurm.sshConfig ? { sshConfig: slurm.sshConfig } : {}) });
        setHostPort('127.0.0.1', local);
      }
      current.watching = watchRunning(current, slurm, running.endsAt);
      return true;
    },

    async stop(): Promise<void> {
      const current = job;
      job = undefined;
      if (current) await cancel(current);
    },

    async extend(): Promise<number> {
      const current = job;
      if (!current?.startedAt) throw new Error('the job is not running');
      const elapsedMinutes = Math.ceil((Date.now() - current.startedAt) / MINUTE);
      const wanted = elapsedMinutes + current.timeLimitMinutes;
      const endsAt = await raiseTimeLimit(current.commands, current.id, wanted).catch((error: Error) => {
        current.session.log(`Extend: ${error.message}`);
        throw error;
      });
      current.session.log(`Slurm job ${current.id}: time limit now ${wanted} min, ends ${new Date(endsAt).toISOString()}`);
      return endsAt;
    },
  };
}
