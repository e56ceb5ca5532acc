// kill -9 of the headless host with sessions that run as jobs of a real one-node Slurm, then a start
// on the same data directory: a running job is re-adopted (viewers reach its server again; stop
// cancels it), or cancelled in cleanup mode; a job still waiting in the queue is cancelled; a job
// that ended meanwhile ends its session with job_ended. No job is left that nobody owns.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { makeTempDir, writeSessionsFile, type TempDir } from '../electron/core/testing/fixtures';
import { freeDisplays, reserveDisplays } from '../electron/core/testing/free-display';
import { json, killHard, startHost, stopGently, type HostRun } from '../electron/core/testing/headless-host';
import { SLURM_NODE, startSlurmCluster, type SlurmCluster } from '../electron/core/testing/slurm-cluster';
import { connectViewer } from '../electron/core/testing/viewer-client';
import { jobDirOf, jobProcesses, slurmType } from './testing/slurm-session';

const DISPLAYS = 2;
const MARKER = `deck-slurm-crash-test-${process.pid}`;
const token = randomBytes(24).toString('base64url');

let cluster: SlurmCluster;
let displayBase: number;
let workDir: string;
let dir: TempDir | undefined;
let runs: HostRun[] = [];

beforeAll(async () => {
  cluster = await startSlurmCluster();
  displayBase = await reserveDisplays(DISPLAYS);
  workDir = join(cluster.dir, 'work');
  await mkdir(workDir, { mode: 0o700 });
}, 120_000);
afterEach(async () => {
  for (const run of runs) await stopGently(run);
  runs = [];
  for (const job of await cluster.activeJobs()) await cluster.run('scancel', [job.id]);
  await dir?.remove();
  dir = undefined;
});
afterAll(async () => {
  await cluster?.stop();
  if (displayBase !== undefined) freeDisplays(displayBase, DISPLAYS);
});

const jobState = async (id: string) => (await cluster.jobs()).find((job) => job.id === id)?.state;
const activeIds = async () => (await cluster.activeJobs()).map((job) => job.id);

async function firstRun(settings: Record<string, unknown> = {}): Promise<HostRun> {
  dir = await makeTempDir('deck-slurm-crash');
  await writeFile(join(dir.path, 'token'), token, { mode: 0o600 });
  await writeSessionsFile(dir.path, { desk: slurmType({ cluster, displayBase, displayCount: DISPLAYS, workDir, count: 2, options: { command: `exec xterm -title ${MARKER}` } }) });
  const run = await startHost(dir.path, token);
  runs.push(run);
  onTestFailed(() => console.log(runs.map((r) => r.output()).join('\n----\n')));
  if (Object.keys(settings).length > 0) expect((await run.call('/api/settings', { method: 'PUT', body: JSON.stringify(settings) })).status).toBe(200);
  return run;
}
async function startReady(run: HostRun) {
  const response = await run.call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: 'desk', size: '800x600' }) });
  const body = await json(response);
  expect(response.status, JSON.stringify(body)).toBe(201);
  expect(body).toMatchObject({ state: 'ready', job: { node: SLURM_NODE } });
  return body as { id: string; job: { id: string } };
}
async function restart(): Promise<HostRun> {
  const run = await startHost(dir!.path, token);
  runs.push(run);
  return run;
}

describe('recovery of Slurm sessions after kill -9', { timeout: 90_000 }, () => {
  it('re-adopts a running job: its server answers through the bridge again, and stop cancels it', async () => {
    const first = await firstRun();
    const session = await startReady(first);
    await killHard(first);
    expect(await jobState(session.job.id)).toBe('RUNNING');
    const second = await restart();
    expect(await json(await second.call(`/api/sessions/${session.id}`))).toMatchObject({ state: 'ready', job: { id: session.job.id, node: SLURM_NODE } });
    const access = await json(await second.call(`/api/sessions/${session.id}/viewer`, { method: 'POST' }));
    const viewer = await connectViewer(access.url, second.base);
    expect(viewer.init.width).toBe(800);
    await viewer.close();
    expect(await json(await second.call(`/api/sessions/${session.id}`, { method: 'DELETE' }))).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await jobState(session.job.id)).toMatch(/CANCELLED|COMPLETED/);
    await expect.poll(() => jobProcesses(jobDirOf(workDir, session.id), MARKER), { timeout: 15_000 }).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
  });

  it('a re-adopted job that the scheduler ends ends its session with job_ended', async () => {
    const first = await firstRun();
    const session = await startReady(first);
    await killHard(first);
    const second = await restart();
    expect((await json(await second.call(`/api/sessions/${session.id}`))).state).toBe('ready');
    await cluster.run('scancel', [session.job.id]);
    await expect.poll(async () => (await json(await second.call(`/api/sessions/${session.id}`))).cause, { timeout: 30_000 }).toBe('job_ended');
    expect(await activeIds()).toEqual([]);
    await expect.poll(() => readdir(workDir)).toEqual([]);
  });

  it('in cleanup mode cancels the running job and ends its session', async () => {
    const first = await firstRun({ recoveryMode: 'cleanup' });
    const session = await startReady(first);
    await killHard(first);
    const second = await restart();
    expect(await json(await second.call(`/api/sessions/${session.id}`))).toMatchObject({ state: 'terminated', cause: 'manager_restarted' });
    expect(await jobState(session.job.id)).toMatch(/CANCELLED|COMPLETED/);
    expect(await activeIds()).toEqual([]);
    await expect.poll(() => jobProcesses(jobDirOf(workDir, session.id), MARKER), { timeout: 15_000 }).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
  });

  it('ends a session whose job ended while Session Deck was down with job_ended', async () => {
    const first = await firstRun();
    const session = await startReady(first);
    await killHard(first);
    await cluster.run('scancel', [session.job.id]);
    await expect.poll(() => activeIds(), { timeout: 30_000 }).toEqual([]);
    const second = await restart();
    const ended = await json(await second.call(`/api/sessions/${session.id}`));
    expect(ended).toMatchObject({ state: 'terminated', cause: 'job_ended' });
    expect(ended.message).toMatch(new RegExp(`Slurm job ${session.job.id} ended: state (CANCELLED|GONE)`));
    expect(await readdir(workDir)).toEqual([]);
  });

  it('cancels a job still waiting in the queue, and re-adopts the running one', async () => {
    const first = await firstRun();
    const running = await startReady(first);
    // The node is full: the second session's job waits in the queue.
    void first.call('/api/sessions', { method: 'POST', body: JSON.stringify({ type: 'desk', size: '800x600' }) }).catch(() => undefined);
    let queued: { id: string; job: { id: string } } | undefined;
    await expect
      .poll(async () => {
        queued = (await json(await first.call('/api/sessions'))).find((s: { state: string; job?: unknown }) => s.state === 'queued' && s.job);
        return queued !== undefined;
      }, { timeout: 30_000 })
      .toBe(true);
    await killHard(first);
    expect(await jobState(queued!.job.id)).toBe('PENDING');
    const second = await restart();
    const cancelled = await json(await second.call(`/api/sessions/${queued!.id}`));
    expect(cancelled).toMatchObject({ state: 'terminated', cause: 'manager_restarted' });
    expect(cancelled.message).toContain(`its Slurm job ${queued!.job.id} was still waiting in the queue`);
    expect(await jobState(queued!.job.id)).toBe('CANCELLED');
    expect((await json(await second.call(`/api/sessions/${running.id}`))).state).toBe('ready');
    await second.call(`/api/sessions/${running.id}`, { method: 'DELETE' });
    expect(await activeIds()).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
  });
});
