// The lifecycle's wiring with real Xvnc servers: a real viewer's connect and leave drive the grace
// timer, a killed server ends its session at once, and a shutdown leaves no process. The timers
// themselves are tested on fake time (session-lifecycle.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { displayTraces, findProcesses } from '../testing/fixtures';
import { connectViewer } from '../testing/viewer-client';
import { reserveDisplays } from '../testing/free-display';

const DISPLAY_BASE = await reserveDisplays(2);
const types = (count = 1, extra: Record<string, unknown> = {}) => ({ Timed: { script: 'xvnc', count, options: { sizes: ['640x480'], display_base: DISPLAY_BASE, ...extra } } });
const LONG = 3_600_000;

describe('session timers and ends', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('stops a session of a type that ends when its last viewer leaves, after the grace, and counts viewers and bytes', async () => {
    harness = await startEngine(types(1, { end_when_last_viewer_leaves: { grace_seconds: 1 } }), { timing: { inactivityTimeoutMs: LONG, maxSessionMs: LONG } });
    const session = await harness.engine.startSession({ type: 'Timed', size: '640x480' });
    const access = await harness.engine.openViewer(session.id);
    const viewer = await connectViewer(access.url);
    expect(viewer.init).toMatchObject({ width: 640, height: 480 });
    await expect.poll(async () => (await harness.engine.getSession(session.id)).state).toBe('connected');
    expect((await harness.engine.getSession(session.id)).viewers).toBe(1);
    await viewer.close();
    await expect.poll(async () => (await harness.engine.getSession(session.id)).state, { timeout: 5000 }).toBe('terminated');
    const ended = await harness.engine.getSession(session.id);
    expect(ended.cause).toBe('last_viewer_left');
    expect(harness.statesOf(session.id)).toEqual(['starting', 'ready', 'connected', 'idle', 'close_requested', 'terminated']);
    const viewerRecords = (await harness.engine.listAudit({ sessionId: session.id })).items.filter((r) => r.kind.startsWith('viewer_'));
    expect(viewerRecords.map((r) => [r.kind, r.type, r.index, r.user])).toEqual([
      ['viewer_disconnected', 'Timed', 0, 'tester'],
      ['viewer_connected', 'Timed', 0, 'tester'],
    ]);
    // The history entry is written as the session ends; a stop's answer waits for it, a poll may not.
    await expect.poll(async () => (await harness.engine.listHistory({})).items).toHaveLength(1);
    const [entry] = (await harness.engine.listHistory({})).items;
    expect(entry).toMatchObject({ id: session.id, cause: 'last_viewer_left', viewers: 1 });
    expect(entry!.bytesToViewer).toBeGreaterThan(0);
  });

  it('ends a session whose server dies within 2 s, with cause server_exited', async () => {
    harness = await startEngine(types(), { timing: { inactivityTimeoutMs: LONG, maxSessionMs: LONG } });
    const session = await harness.engine.startSession({ type: 'Timed', size: '640x480' });
    const [line] = await findProcesses('Xvnc', `:${DISPLAY_BASE} `);
    expect(line).toBeDefined();
    const pid = (await import('node:child_process')).execFileSync('pgrep', ['-f', `Xvnc :${DISPLAY_BASE} `]).toString().trim().split('\n')[0];
    process.kill(Number(pid), 'SIGKILL');
    await expect.poll(async () => (await harness.engine.getSession(session.id)).state, { timeout: 2000, interval: 50 }).toBe('terminated');
    expect(await harness.engine.getSession(session.id)).toMatchObject({ cause: 'server_exited', message: 'Xvnc was killed by SIGKILL' });
    expect((await harness.engine.listTypes())[0]?.slots[0]?.state).toBe('free');
  });

  it('shutting the manager down stops every session and leaves no process behind', async () => {
    harness = await startEngine(types(2), { timing: { inactivityTimeoutMs: LONG, maxSessionMs: LONG } });
    const sessions = await Promise.all([0, 1].map(() => harness.engine.startSession({ type: 'Timed', size: '640x480' })));
    await harness.engine.close();
    for (const session of sessions) {
      expect(await harness.engine.getSession(session.id)).toMatchObject({ state: 'terminated', cause: 'manager_shutdown' });
    }
    for (const display of [DISPLAY_BASE, DISPLAY_BASE + 1]) {
      expect(await findProcesses('Xvnc', `:${display} `)).toEqual([]);
      expect(await displayTraces(display)).toEqual([]);
    }
    await expect(harness.engine.startSession({ type: 'Timed', size: '640x480' })).rejects.toMatchObject({ code: 'at_capacity' });
  });
});
