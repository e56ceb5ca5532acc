// How a job that left squeue ended, asked of a real one-node Slurm that forgets finished jobs after
// 2 s (MinJobAge): with a job completion log (jobcomp/filetxt, read by sacct --completion) its final
// state is found; without one (and without accounting storage: no slurmdbd here) the answer says
// that Slurm keeps no record, instead of guessing.
import { afterAll, describe, expect, it } from 'vitest';
import { startSlurmCluster, type SlurmCluster } from '../../../electron/core/testing/slurm-cluster';
import { clusterCommands } from '../../testing/slurm-commands';
import { jobStatus } from './job-status';

const clusters: SlurmCluster[] = [];
afterAll(async () => void (await Promise.all(clusters.map((cluster) => cluster.stop()))));

async function cluster(options: { jobCompletionLog: boolean }): Promise<SlurmCluster> {
  const started = await startSlurmCluster({ minJobAgeSeconds: 2, ...options });
  clusters.push(started);
  return started;
}

async function submit(cluster: SlurmCluster, wrap: string): Promise<string> {
  const { stdout, stderr } = await cluster.run('sbatch', ['--parsable', '--output=/dev/null', `--wrap=${wrap}`]);
  expect(stdout.trim(), stderr).toMatch(/^\d+$/);
  return stdout.trim();
}

/** Waits until squeue no longer lists the job (slurmctld purged it). */
async function purged(cluster: SlurmCluster, jobId: string): Promise<void> {
  await expect.poll(async () => (await cluster.run('squeue', ['-h', '-j', jobId])).stderr, { timeout: 60_000, interval: 500 }).toMatch(/Invalid job id/);
}

describe('the final state of a job squeue no longer lists', () => {
  it('comes from the job completion log where the site keeps one: cancelled, completed, failed with its exit code', async () => {
    const slurm = await cluster({ jobCompletionLog: true });
    const commands = clusterCommands(slurm);
    const cancelled = await submit(slurm, 'sleep 300');
    await expect.poll(async () => (await jobStatus(commands, cancelled)).kind, { timeout: 30_000 }).toBe('running');
    expect((await slurm.run('scancel', [cancelled])).code).toBe(0);
    const completed = await submit(slurm, 'true');
    const failed = await submit(slurm, 'exit 3');
    for (const id of [cancelled, completed, failed]) await purged(slurm, id);

    expect(await jobStatus(commands, cancelled)).toEqual({ kind: 'ended', state: 'CANCELLED', reason: '', source: 'completion log' });
    expect(await jobStatus(commands, completed)).toEqual({ kind: 'ended', state: 'COMPLETED', reason: '', source: 'completion log' });
    expect(await jobStatus(commands, failed)).toEqual({ kind: 'ended', state: 'FAILED', reason: 'exit code 3:0', source: 'completion log' });
  });

  it('says Slurm keeps no record where it has neither accounting storage nor a completion log', async () => {
    const slurm = await cluster({ jobCompletionLog: false });
    const commands = clusterCommands(slurm);
    const id = await submit(slurm, 'true');
    await purged(slurm, id);
    const status = await jobStatus(commands, id);
    expect(status).toMatchObject({ kind: 'ended', state: 'GONE', source: 'none' });
    expect(status.kind === 'ended' && status.reason).toMatch(/keeps no record .*accounting storage is disabled.*job completion is disabled/);
  });
});
