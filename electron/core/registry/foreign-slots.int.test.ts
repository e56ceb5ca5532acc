// Before a slot is used, its display (and port, where the server uses TCP) is checked: a slot held by something that is not
// Session Deck is skipped with a clear reason and never touched; a stale lock of a dead server is
// cleaned.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { displayTraces, fileExists } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';

const DISPLAY_BASE = await reserveDisplays(2);
const types = { Guarded: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } };

describe('slots held by something else', () => {
  let harness: EngineHarness;
  let foreign: ChildProcess | undefined;
  let listener: Server | undefined;
  afterEach(async () => {
    foreign?.kill('SIGTERM');
    if (foreign && foreign.exitCode === null) await new Promise((resolve) => foreign!.once('exit', resolve));
    foreign = undefined;
    await new Promise((resolve) => (listener ? listener.close(resolve) : resolve(undefined)));
    listener = undefined;
    await harness?.close();
  });

  it('shows a slot held by a foreign X server as unavailable before any start, and free once it has gone', async () => {
    harness = await startEngine(types);
    expect((await harness.engine.listTypes())[0]!.slots[0]).toEqual({ index: 0, state: 'free' });
    foreign = spawn('Xvfb', [`:${DISPLAY_BASE}`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    const reason = `display :${DISPLAY_BASE} is in use (/tmp/.X${DISPLAY_BASE}-lock exists)`;
    // The sweep looks at idle slots: no start has run into it.
    await expect.poll(async () => (await harness.engine.listTypes())[0]!.slots[0], { timeout: 10_000 }).toEqual({ index: 0, state: 'unavailable', reason });
    expect(harness.events.some((event) => event.kind === 'types' && event.types[0]?.slots[0]?.state === 'unavailable')).toBe(true);
    const exited = new Promise((resolve) => foreign!.once('exit', resolve));
    foreign.kill('SIGTERM');
    await exited;
    await expect.poll(async () => (await harness.engine.listTypes())[0]!.slots[0], { timeout: 10_000 }).toEqual({ index: 0, state: 'free' });
  });

  it('shows a slot already held when the engine starts as unavailable, says why at a start, and leaves the holder running', async () => {
    foreign = spawn('Xvfb', [`:${DISPLAY_BASE}`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    await expect.poll(() => displayTraces(DISPLAY_BASE)).toHaveLength(2);
    harness = await startEngine(types);
    await expect.poll(async () => (await harness.engine.listTypes())[0]!.slots[0]?.state).toBe('unavailable');
    const session = await harness.engine.startSession({ type: 'Guarded', size: '640x480' });
    expect(session.index).toBe(1);
    const [slot0] = (await harness.engine.listTypes())[0]!.slots;
    expect(slot0).toEqual({ index: 0, state: 'unavailable', reason: `display :${DISPLAY_BASE} is in use (/tmp/.X${DISPLAY_BASE}-lock exists)` });
    await harness.engine.stopSession(session.id);
    expect(foreign.exitCode).toBeNull();
    expect(await displayTraces(DISPLAY_BASE)).toHaveLength(2);
    const again = await harness.engine.startSession({ type: 'Guarded', size: '640x480' });
    expect(again.index).toBe(1);
    await harness.engine.stopSession(again.id);
    // Once the foreign server is gone, the sweep shows its slot free again.
    const exited = new Promise((resolve) => foreign!.once('exit', resolve));
    foreign.kill('SIGTERM');
    await exited;
    await expect.poll(async () => (await harness.engine.listTypes())[0]!.slots[0]).toEqual({ index: 0, state: 'free' });
  });

  it('refuses at capacity naming every skipped slot when foreign processes hold them all', async () => {
    foreign = spawn('Xvfb', [`:${DISPLAY_BASE}`, '-nolisten', 'tcp'], { stdio: 'ignore' });
    await expect.poll(() => displayTraces(DISPLAY_BASE)).toHaveLength(2);
    harness = await startEngine({ Guarded: { ...types.Guarded, count: 1 } });
    await expect(harness.engine.startSession({ type: 'Guarded', size: '640x480' })).rejects.toMatchObject({
      code: 'at_capacity',
      message: `No slot of "Guarded" can be used: its slot is held by another program (not Session Deck): slot 0: display :${DISPLAY_BASE} is in use (/tmp/.X${DISPLAY_BASE}-lock exists)`,
      details: { limit: 'type', heldByOthers: 1 },
    });
    expect(foreign.exitCode).toBeNull();
  });

  it('takes a slot whose RFB port something else listens on: its server listens on a Unix socket', async () => {
    listener = createServer();
    await new Promise<void>((resolve) => listener!.listen({ host: '127.0.0.1', port: 5900 + DISPLAY_BASE }, resolve));
    harness = await startEngine(types);
    const session = await harness.engine.startSession({ type: 'Guarded', size: '640x480' });
    expect(session.index).toBe(0);
    await harness.engine.stopSession(session.id);
    expect(listener.listening).toBe(true);
  });

  it('cleans a stale lock whose process is gone, then uses the slot', async () => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(`/tmp/.X${DISPLAY_BASE}-lock`, `${String(dead.pid).padStart(10)}\n`);
    harness = await startEngine(types);
    const session = await harness.engine.startSession({ type: 'Guarded', size: '640x480' });
    expect(session.index).toBe(0);
    await harness.engine.stopSession(session.id);
    expect(await fileExists(`/tmp/.X${DISPLAY_BASE}-lock`)).toBe(false);
  });
});
