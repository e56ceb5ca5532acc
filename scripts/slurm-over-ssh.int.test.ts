// The slurm script with Slurm's commands on a login node over SSH (a private sshd on 127.0.0.2 with
// its own host key, known_hosts and client key) and viewers through an SSH forward to the node,
// against a real one-node Slurm of its own; and a job that reaches its time limit (Slurm counts
// in minutes and checks every 30 s, so this file takes about a minute and a half, beside the
// other Slurm file rather than after it).
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../electron/core/testing/engine-harness';
import { freeDisplays, reserveDisplays } from '../electron/core/testing/free-display';
import { SLURM_NODE, startSlurmCluster, type SlurmCluster } from '../electron/core/testing/slurm-cluster';
import { startSshHosts, type SshHosts } from '../electron/core/testing/sshd';
import { connectViewer } from '../electron/core/testing/viewer-client';
import { jobDirOf, jobProcesses, slurmType, startExplained, waitForSession } from './testing/slurm-session';

const DISPLAYS = 2;
const MARKER = `deck-slurm-ssh-test-${process.pid}`;

let cluster: SlurmCluster;
let hosts: SshHosts;
let h: EngineHarness;
let displayBase: number;
let workDir: string;
/** Why the test's login node does not run a command over SSH, or undefined. */
let sshUnavailable: string | undefined;

const sshRuns = (configFile: string) =>
  new Promise<string | undefined>((resolve) => {
    execFile('ssh', ['-F', configFile, '-o', 'BatchMode=yes', '--', 'n1', 'true'], { timeout: 10_000 }, (error, _stdout, stderr) =>
      resolve(error ? `ssh n1 true did not succeed within 10 s (${error.signal ?? `exit ${String(error.code)}`}${stderr ? `: ${stderr.trim()}` : ''}); root's shell start-up on this machine may hang` : undefined),
    );
  });

beforeAll(async () => {
  cluster = await startSlurmCluster();
  hosts = await startSshHosts(1, { prefix: 'deck-slurm-sshd' });
  displayBase = await reserveDisplays(DISPLAYS);
  workDir = join(cluster.dir, 'work');
  await mkdir(workDir, { mode: 0o700 });
  // The login node is n1; the node (decknode) is reached over SSH too: here, the same sshd.
  const sshConfig = join(hosts.dir, 'ssh_config_cluster');
  await writeFile(sshConfig, (await readFile(hosts.configFile, 'utf8')).replace(/^Host n1$/m, `Host n1 ${SLURM_NODE}`), { mode: 0o600 });
  sshUnavailable = await sshRuns(sshConfig);
  const overSsh = { submit_host: 'n1', ssh_config: sshConfig, direct: false, command: `exec xterm -title ${MARKER}` };
  h = await startEngine({
    login: slurmType({ cluster, displayBase, displayCount: DISPLAYS, workDir, options: overSsh }),
    short: slurmType({ cluster, displayBase, displayCount: DISPLAYS, workDir, options: { command: `exec xterm -title ${MARKER}`, time_limit_minutes: 1 } }),
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await hosts?.close();
  await cluster?.stop();
  if (displayBase !== undefined) freeDisplays(displayBase, DISPLAYS);
});

describe('the slurm script over SSH, and at a time limit', () => {
  it('submits, follows and cancels the job on the login node, and viewers reach the node through a forward', async () => {
    // Fails (not skips) when the test's own sshd cannot run a command: CI has every part it needs.
    expect(sshUnavailable, 'the login node runs a command over SSH').toBeUndefined();
    const session = await startExplained(h, cluster, 'login');
    expect(session).toMatchObject({ state: 'ready', job: { node: SLURM_NODE } });
    // Through the bridge and the SSH forward, the job's server answers with its desktop.
    const viewer = await connectViewer((await h.engine.openViewer(session.id)).url);
    expect(viewer.init.width).toBe(800);
    await viewer.close();
    const ended = await h.engine.stopSession(session.id);
    expect(ended).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect((await cluster.jobs()).find((job) => job.id === session.job!.id)?.state).toBe('CANCELLED');
    expect(await jobProcesses(jobDirOf(workDir, session.id), MARKER)).toEqual([]);
  });

  it('a job that reaches its time limit ends its session with job_ended, Slurm\'s TIMEOUT and the time limit as deadline', async () => {
    const session = await startExplained(h, cluster, 'short');
    expect(session.deadline).toBeLessThanOrEqual(Date.now() + 60_000);
    const ended = await waitForSession(h, () => session.id, (s) => s.state === 'terminated', 'the session ended at its time limit', 150_000);
    expect(ended.cause).toBe('job_ended');
    expect(ended.message).toContain('state TIMEOUT, reason TimeLimit');
    await expect.poll(() => jobProcesses(jobDirOf(workDir, session.id), MARKER), { timeout: 15_000 }).toEqual([]);
    expect(await cluster.activeJobs()).toEqual([]);
  }, 180_000);
});
