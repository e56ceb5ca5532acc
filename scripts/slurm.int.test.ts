// The slurm script against a real one-node Slurm (slurmctld + slurmd + munged, started here): a
// desktop as a batch job, seen through a real noVNC in Chromium; a second session queued behind
// the first with Slurm's reason and position; stops, cancels from outside, refusals and extension;
// and nothing left after many cycles. One cluster for the whole file; its node has one CPU and
// every job asks for the whole node, so the tests run one after another.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectVnc, disconnectVnc, openNoVncPage, type NoVncPage } from '../electron/core/bridge/testing/novnc-page';
import { KeyWatcher } from '../electron/core/bridge/testing/xev-keys';
import { startEngine, type EngineHarness } from '../electron/core/testing/engine-harness';
import { freeDisplays, reserveDisplays } from '../electron/core/testing/free-display';
import { SLURM_NODE, startSlurmCluster, type SlurmCluster } from '../electron/core/testing/slurm-cluster';
import { jobDirOf, jobProcesses, latest, newestOf, slurmType, waitForSession } from './testing/slurm-session';

const DISPLAYS = 3;
const MARKER = `deck-slurm-test-${process.pid}`;

let cluster: SlurmCluster;
let h: EngineHarness;
let browser: NoVncPage;
let displayBase: number;
let workDir: string;

const type = (options: Record<string, unknown> = {}) => slurmType({ cluster, displayBase, displayCount: DISPLAYS, workDir, options });

beforeAll(async () => {
  cluster = await startSlurmCluster({ maxTimeMinutes: 120 });
  displayBase = await reserveDisplays(DISPLAYS);
  browser = await openNoVncPage();
  workDir = join(cluster.dir, 'work');
  await mkdir(workDir, { mode: 0o700 });
  h = await startEngine(
    {
      desk: type({ command: `exec xterm -title ${MARKER} -geometry 60x10+20+20` }),
      plain: type(),
      bad_partition: type({ partition: 'nosuchpartition' }),
      too_long: type({ time_limit_minutes: 500 }),
    },
    { allowedOrigins: [browser.origin] },
  );
}, 120_000);

afterAll(async () => {
  await h?.close();
  await browser?.close();
  await cluster?.stop();
  if (displayBase !== undefined) freeDisplays(displayBase, DISPLAYS);
});

/** Distinct colours on noVNC's canvas (a blank desktop has one); runs in the page. */
function distinctColours(element: unknown): number {
  type Canvas = { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  const canvas = element as Canvas;
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4 * 13) colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return colours.size;
}

/** The session's job as squeue shows it. */
const jobRow = async (jobId: string) => (await cluster.jobs()).find((job) => job.id === jobId);

describe('the slurm script on a real one-node Slurm', () => {
  it('starts a desktop as a batch job: ready with its job and node, pixels and typed text through noVNC', async () => {
    const session = await h.engine.startSession({ type: 'desk', size: '800x600' });
    expect(session.state).toBe('ready');
    expect(session.job).toMatchObject({ id: expect.stringMatching(/^\d+$/), node: SLURM_NODE });
    expect(session.job?.queueWaitMs).toBeGreaterThanOrEqual(0);
    expect(session.deadline).toBeGreaterThan(Date.now() + 25 * 60_000);
    expect((await jobRow(session.job!.id))?.state).toBe('RUNNING');

    const record = JSON.parse(await readFile(join(jobDirOf(workDir, session.id), 'connection.json'), 'utf8'));
    expect(record).toMatchObject({ host: '127.0.0.1', node: SLURM_NODE });
    expect(record.display).toBeGreaterThanOrEqual(displayBase);
    const keys = new KeyWatcher(record.display, { XAUTHORITY: join(jobDirOf(workDir, session.id), 'Xauthority') });
    try {
      const { page } = browser;
      await connectVnc(page, (await h.engine.openViewer(session.id)).url);
      // The xterm the job started draws on the desktop: more than one colour.
      await expect.poll(() => page.locator('#screen canvas').evaluate(distinctColours), { timeout: 20_000 }).toBeGreaterThan(1);
      // On the bare root window (no window manager: keys go where the pointer is), away from the xterm.
      const canvas = (await page.locator('#screen canvas').boundingBox())!;
      await page.mouse.click(canvas.x + 700, canvas.y + 500);
      const from = keys.mark;
      await page.keyboard.type('q');
      await expect.poll(() => keys.seen(0x71, from), { timeout: 15_000 }).toBe(true);
      await disconnectVnc(page);
    } finally {
      await keys.stop();
    }

    const ended = await h.engine.stopSession(session.id);
    expect(ended).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect((await jobRow(session.job!.id))?.state).toMatch(/CANCELLED|COMPLETED/);
    expect(await jobProcesses(jobDirOf(workDir, session.id), MARKER)).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
    const states = h.statesOf(session.id);
    expect(states[0]).toBe('starting');
    expect(states).toContain('ready');
  });

  it('queues a second session while the node is full, with Slurm\'s reason and position, and starts it when the first stops', async () => {
    const first = await h.engine.startSession({ type: 'plain', size: '800x600' });
    const secondStart = h.engine.startSession({ type: 'plain', size: '800x600' });
    const queued = await waitForSession(h, () => newestOf(h, 'plain', [first.id]), (s) => s.state === 'queued' && s.queue?.position === 1, 'the second session queued, first in line');
    expect(queued.queue).toMatchObject({ reason: expect.stringMatching(/Resources|Priority/), position: 1, pending: 1 });
    expect(queued.job?.id).toMatch(/^\d+$/);
    expect(queued.job?.node).toBeUndefined();
    // It holds its slot while it waits.
    const slots = (await h.engine.listTypes()).find((t) => t.name === 'plain')!.slots;
    expect(slots.filter((slot) => slot.sessionId === queued.id)[0]?.state).toBe('queued');
    expect((await jobRow(queued.job!.id))?.state).toBe('PENDING');
    // The audit log has its wait: the job, Slurm's reason and the place in line (written after the event).
    const waits = async () => (await h.engine.listAudit({ kind: 'session_queued', sessionId: queued.id })).items;
    await expect.poll(async () => (await waits()).length, { timeout: 10_000 }).toBe(1);
    expect((await waits())[0]).toMatchObject({ type: 'plain', details: { jobId: queued.job!.id, reason: queued.queue!.reason, position: 1, pending: 1 } });

    await h.engine.stopSession(first.id);
    const second = await secondStart;
    expect(second).toMatchObject({ id: queued.id, state: 'ready', job: { id: queued.job!.id, node: SLURM_NODE } });
    expect(h.statesOf(second.id)).toEqual(['starting', 'queued', 'starting', 'ready']);
    expect(await waits()).toHaveLength(1);
    await h.engine.stopSession(second.id);
  });

  it('stop while queued cancels the pending job; the running one is untouched', async () => {
    const first = await h.engine.startSession({ type: 'plain', size: '800x600' });
    const secondStart = h.engine.startSession({ type: 'plain', size: '800x600' }).catch((error: Error) => error);
    const queued = await waitForSession(h, () => newestOf(h, 'plain', [first.id]), (s) => s.state === 'queued', 'the second session queued');
    const stopped = await h.engine.stopSession(queued.id);
    expect(stopped).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    await secondStart;
    expect((await jobRow(queued.job!.id))?.state).toBe('CANCELLED');
    expect((await h.engine.getSession(first.id)).state).toBe('ready');
    expect((await jobRow(first.job!.id))?.state).toBe('RUNNING');
    await h.engine.stopSession(first.id);
  });

  it('a job cancelled outside Session Deck ends its session with job_ended and Slurm\'s state', async () => {
    const session = await h.engine.startSession({ type: 'desk', size: '800x600' });
    const { code } = await cluster.run('scancel', [session.job!.id]);
    expect(code).toBe(0);
    const ended = await waitForSession(h, () => session.id, (s) => s.state === 'terminated', 'the session ended');
    expect(ended.cause).toBe('job_ended');
    expect(ended.message).toContain(`Slurm job ${session.job!.id} ended: state CANCELLED`);
    // The job script ended its server and desktop itself.
    await expect.poll(() => jobProcesses(jobDirOf(workDir, session.id), MARKER), { timeout: 15_000 }).toEqual([]);
    const history = await h.engine.listHistory({});
    expect(history.items.find((entry) => entry.id === session.id)).toMatchObject({ cause: 'job_ended', job: { id: session.job!.id, node: SLURM_NODE } });
  });

  it('a submit Slurm refuses fails the start with Slurm\'s own message', async () => {
    await expect(h.engine.startSession({ type: 'bad_partition', size: '800x600' })).rejects.toThrow(/Slurm refused the job: .*[Ii]nvalid partition/);
    await expect(h.engine.startSession({ type: 'too_long', size: '800x600' })).rejects.toThrow(/Slurm refused the job: .*time limit/i);
    expect(await cluster.activeJobs()).toEqual([]);
  });

  it('Extend raises the job\'s time limit with scontrol, and the deadline follows', async () => {
    const session = await h.engine.startSession({ type: 'plain', size: '800x600' });
    const extended = await h.engine.extendSession(session.id);
    expect(extended.deadline).toBeGreaterThan(session.deadline! + 30_000);
    const { stdout } = await cluster.run('squeue', ['-h', '-j', session.job!.id, '-O', 'TimeLimit']);
    expect(stdout.trim()).toMatch(/^0?:?3[1-9]:00$|^3[1-9]:00$/);
    await h.engine.stopSession(session.id);
  });

  it('leaves nothing behind after 20 start/stop cycles: no job, process, record or directory', async () => {
    const jobs: string[] = [];
    for (let i = 0; i < 20; i++) {
      const session = await h.engine.startSession({ type: 'desk', size: '800x600' }).catch(async (error: { message: string; details?: { logTail?: string } }) => {
        throw new Error(`cycle ${i}: ${error.message}\n${error.details?.logTail}\n${await cluster.logs()}`);
      });
      jobs.push(session.job!.id);
      await h.engine.stopSession(session.id);
      expect(await jobProcesses(jobDirOf(workDir, session.id), MARKER)).toEqual([]);
    }
    expect(await cluster.activeJobs()).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
    expect(await h.engine.listSessions().then((all) => all.filter((s) => s.state !== 'terminated' && s.state !== 'failed'))).toEqual([]);
    expect(new Set(jobs).size).toBe(20);
    expect(latest(h, newestOf(h, 'desk')!)?.state).toBe('terminated');
  }, 240_000);
});
