// Extend's refusal, against a real one-node Slurm: a running job's owner who is no operator may not
// raise its time limit (Slurm: "Access/permission denied"), as on most sites. The user here is
// nobody, run through setpriv; the same call by root, an operator, is taken and read back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlurmCluster, type SlurmCluster } from '../../../electron/core/testing/slurm-cluster';
import { clusterCommands } from '../../testing/slurm-commands';
import { jobStatus } from './job-status';
import { raiseTimeLimit } from './time-limit';

let cluster: SlurmCluster;

beforeAll(async () => {
  cluster = await startSlurmCluster();
}, 60_000);
afterAll(async () => cluster?.stop());

const jobs: string[] = [];
// The node has one CPU: a job a failed test left would keep the next one pending.
afterEach(async () => void (await cluster.run('scancel', jobs.splice(0))));

/** A running 30-minute job of the given user's. */
async function runningJob(asNobody: boolean): Promise<string> {
  const commands = clusterCommands(cluster, { asNobody });
  const { output } = await commands.run('sbatch', ['--parsable', '--time=30', '--chdir=/tmp', '--output=/dev/null', '--wrap=sleep 300']);
  const id = output.trim();
  expect(id, output).toMatch(/^\d+$/);
  jobs.push(id);
  await expect.poll(async () => (await jobStatus(commands, id)).kind, { timeout: 30_000 }).toBe('running');
  return id;
}

describe('raising a running job\'s time limit', () => {
  it('is refused for a user who is no Slurm operator, saying why in Slurm\'s words, and the limit stays', async () => {
    const id = await runningJob(true);
    const asUser = clusterCommands(cluster, { asNobody: true });
    await expect(raiseTimeLimit(asUser, id, 60)).rejects.toThrow(
      new RegExp(`this cluster does not let you lengthen a running job: only its administrators may raise job ${id}'s time limit \\(Slurm: Access/permission denied`),
    );
    expect(await jobStatus(asUser, id)).toMatchObject({ kind: 'running', timeLimitMinutes: 30 });
  });

  it('is taken for an operator (root), and the new end is read back from Slurm', async () => {
    const id = await runningJob(false);
    const commands = clusterCommands(cluster);
    const before = await jobStatus(commands, id);
    const endsAt = await raiseTimeLimit(commands, id, 45);
    expect(before.kind === 'running' && endsAt - before.endsAt!).toBe(15 * 60_000);
    expect(await jobStatus(commands, id)).toMatchObject({ kind: 'running', timeLimitMinutes: 45, endsAt });
  });
});
