// A one-node Slurm cluster for integration and end-to-end tests: Debian's slurm-wlm and munge, run
// as root on 127.0.0.1 with a config, key, sockets and state of their own under a temp dir (nothing
// in /etc is read: SLURM_CONF points at the config, munged gets its own socket). The node has one
// CPU, so a job asking for the whole node keeps the next one pending. Every daemon runs in the
// foreground as this process's child and is ended by its pid; jobs are cancelled first, and a job
// step left behind (slurmstepd outlives slurmd) is found by the cluster's SLURM_CONF in its
// environment and ended too.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { processesWithEnvironment } from '../../../scripts/lib/proc';
import { makeTempDir, type TempDir } from './fixtures';

export const SLURM_PARTITION = 'deck';
export const SLURM_NODE = 'decknode';

export interface SlurmJobRow {
  id: string;
  state: string;
  reason: string;
  name: string;
}

export interface SlurmCluster {
  /** The cluster's slurm.conf: pass it as SLURM_CONF (or the slurm type's options.slurm_conf). */
  readonly conf: string;
  readonly dir: string;
  /** Environment for Slurm's commands (PATH and SLURM_CONF). */
  readonly env: Record<string, string>;
  /** Runs a Slurm command (squeue, scancel, scontrol, ...) against this cluster. */
  run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Every job slurmctld still knows, finished ones included. */
  jobs(): Promise<SlurmJobRow[]>;
  /** Jobs not finished yet (pending, running, completing, ...). */
  activeJobs(): Promise<SlurmJobRow[]>;
  /** The daemons' and jobs' log lines, for a failing test's message. */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

const FINISHED = /^(COMPLETED|CANCELLED|FAILED|TIMEOUT|NODE_FAIL|PREEMPTED|BOOT_FAIL|DEADLINE|OUT_OF_MEMORY)/;
const SEPARATOR = '\x1f';

export const slurmAvailable = (): Promise<boolean> =>
  new Promise((resolve) => execFile('slurmctld', ['-V'], (error) => resolve(!error)));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function slurmConf(dir: string, ports: { ctld: number; slurmd: number }, options: SlurmClusterOptions): string {
  return `# Session Deck's test cluster (generated)
ClusterName=decktest
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=${ports.ctld}
SlurmdPort=${ports.slurmd}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${dir}/munge/munge.socket
StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool
SlurmctldPidFile=${dir}/run/slurmctld.pid
SlurmdPidFile=${dir}/run/slurmd.pid
SlurmctldLogFile=${dir}/log/slurmctld.log
SlurmdLogFile=${dir}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=bf_interval=1
EnforcePartLimits=ALL
${options.jobCompletionLog ? `JobCompType=jobcomp/filetxt\nJobCompLoc=${dir}/log/jobcomp.log` : 'JobCompType=jobcomp/none'}
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
KillWait=2
MinJobAge=${options.minJobAgeSeconds ?? 600}
NodeName=${SLURM_NODE} NodeAddr=127.0.0.1 NodeHostname=localhost CPUs=1 RealMemory=256 State=UNKNOWN
PartitionName=${SLURM_PARTITION} Nodes=${SLURM_NODE} Default=YES MaxTime=${options.maxTimeMinutes ?? 60} State=UP
`;
}

interface Daemon {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

function startDaemon(name: string, command: string, args: string[], env: Record<string, string>, output: string[]): Daemon {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (data: Buffer) => output.push(`${name}: ${data.toString().trimEnd()}`);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('error', (error) => output.push(`${name}: ${error.message}`));
  return { name, child, exited };
}

async function endDaemon(daemon: Daemon): Promise<void> {
  if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) return;
  daemon.child.kill('SIGTERM');
  const killed = setTimeout(() => daemon.child.kill('SIGKILL'), 5_000);
  await daemon.exited;
  clearTimeout(killed);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface SlurmClusterOptions {
  /** The partition's MaxTime. */
  maxTimeMinutes?: number;
  /** How long slurmctld keeps a finished job (squeue lists it meanwhile); Slurm's minimum is 2. */
  minJobAgeSeconds?: number;
  /** Log finished jobs with jobcomp/filetxt (else jobcomp/none); accounting storage stays none. */
  jobCompletionLog?: boolean;
}

export async function startSlurmCluster(options: SlurmClusterOptions = {}): Promise<SlurmCluster> {
  const temp: TempDir = await makeTempDir('deck-slurm');
  const dir = temp.path;
  // munged checks that no one else may write the directories on its socket's path.
  await chmod(dir, 0o755);
  for (const sub of ['munge', 'state', 'spool', 'run', 'log']) await mkdir(join(dir, sub), { mode: 0o755 });
  await chmod(join(dir, 'munge'), 0o755);
  await writeFile(join(dir, 'munge', 'munge.key'), randomBytes(1024), { mode: 0o600 });
  const ports = { ctld: await freePort(), slurmd: await freePort() };
  const conf = join(dir, 'slurm.conf');
  await writeFile(conf, slurmConf(dir, ports, options));
  const env = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', SLURM_CONF: conf };
  const output: string[] = [];
  const daemons: Daemon[] = [];
  // A test process that dies mid-run must not leave daemons behind.
  const killAll = () => daemons.forEach(({ child }) => child.exitCode === null && child.kill('SIGKILL'));
  process.once('exit', killAll);

  const run = (command: string, args: readonly string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(command, args, { env, timeout: 20_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      });
    });
  const jobs = async (): Promise<SlurmJobRow[]> => {
    const format = ['JobID', 'State', 'Reason', 'Name'].map((field) => `${field}:${SEPARATOR}`).join(',');
    const { stdout } = await run('squeue', ['--all', '--states=all', '--noconvert', '-h', '-O', format]);
    return stdout
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const [id = '', state = '', reason = '', name = ''] = line.split(SEPARATOR).map((part) => part.trim());
        return { id, state, reason, name };
      });
  };
  const activeJobs = async () => (await jobs()).filter((job) => !FINISHED.test(job.state));
  const logs = async () => {
    const read = (name: string) => run('tail', ['-n', '40', join(dir, 'log', name)]).then(({ stdout }) => `--- ${name}\n${stdout}`);
    return [output.join('\n'), await read('slurmctld.log'), await read('slurmd.log')].join('\n');
  };

  const stop = async () => {
    await run('scancel', ['--full', '--user=root']);
    for (let i = 0; i < 100 && (await activeJobs()).length > 0; i++) await delay(100);
    for (const daemon of [...daemons].reverse()) await endDaemon(daemon);
    process.removeListener('exit', killAll);
    // A job step (slurmstepd) outlives slurmd; it carries this cluster's SLURM_CONF.
    for (const pid of await processesWithEnvironment(`SLURM_CONF=${conf}`)) {
      if (pid !== process.pid) process.kill(pid, 'SIGKILL');
    }
    await temp.remove();
  };

  try {
    const munged = startDaemon('munged', 'munged', ['-F', '-S', join(dir, 'munge', 'munge.socket'), '--key-file', join(dir, 'munge', 'munge.key'),
      '--pid-file', join(dir, 'run', 'munged.pid'), '--log-file', join(dir, 'log', 'munged.log'), '--seed-file', join(dir, 'munge', 'seed')], env, output);
    daemons.push(munged);
    for (let i = 0; i < 100 && (await run('test', ['-S', join(dir, 'munge', 'munge.socket')])).code !== 0; i++) await delay(50);
    daemons.push(startDaemon('slurmctld', 'slurmctld', ['-D', '-i'], env, output));
    daemons.push(startDaemon('slurmd', 'slurmd', ['-D', '-N', SLURM_NODE], env, output));
    for (let i = 0; ; i++) {
      const { stdout } = await run('sinfo', ['-h', '-N', '-o', '%T']);
      if (stdout.trim() === 'idle') break;
      if (i > 300 || daemons.some(({ child }) => child.exitCode !== null)) throw new Error(`the test Slurm cluster did not come up:\n${await logs()}`);
      await delay(100);
    }
    // An idle node can still be registering with slurmctld, and the first job would then wait
    // many seconds to be launched: the cluster is ready once a job has run through it.
    const warmUp = await run('sbatch', ['--parsable', '--wrap=true', `--output=/dev/null`, '--job-name=warm-up']);
    const warmUpId = warmUp.stdout.trim();
    for (let i = 0; ; i++) {
      const job = (await jobs()).find((row) => row.id === warmUpId);
      if (job && FINISHED.test(job.state)) break;
      if (i > 600) throw new Error(`the test Slurm cluster ran no job (${warmUp.stdout}${warmUp.stderr}):\n${await logs()}`);
      await delay(50);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { conf, dir, env, run, jobs, activeJobs, logs, stop };
}
