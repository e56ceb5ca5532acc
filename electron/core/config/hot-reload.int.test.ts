// The sessions file is watched: valid edits apply without a restart, a removed or shrunk type lets
// its running sessions run to their end, and an invalid edit keeps the last good configuration.
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigStatus } from '../../shared/session';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { reserveDisplays } from '../testing/free-display';

const DISPLAY_BASE = await reserveDisplays(6); // the types below use base..base+5
const desktop = (count: number, base = DISPLAY_BASE) => ({ script: 'xvnc', count, options: { sizes: ['640x480'], display_base: base } });
const typeNames = async (harness: EngineHarness) => (await harness.engine.listTypes()).map((t) => t.name).sort();

describe('hot reload of the sessions file', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('adds a new type without a restart', async () => {
    harness = await startEngine({ One: desktop(1) });
    await harness.writeTypes({ One: desktop(1), Two: desktop(1, DISPLAY_BASE + 1) });
    await expect.poll(() => typeNames(harness)).toEqual(['One', 'Two']);
    await expect.poll(async () => (await harness.engine.listAudit({ kind: 'config_reloaded' })).items[0]?.details).toMatchObject({ added: ['Two'] });
  });

  it('keeps a removed type listed while its session runs, starts no new one, and drops it after', async () => {
    harness = await startEngine({ One: desktop(1), Gone: desktop(1, DISPLAY_BASE + 2) });
    const session = await harness.engine.startSession({ type: 'Gone', size: '640x480' });
    await harness.writeTypes({ One: desktop(1) });
    await expect.poll(async () => (await harness.engine.listTypes()).find((t) => t.name === 'Gone')?.removed).toBe(true);
    expect((await harness.engine.getSession(session.id)).state).toBe('ready');
    await expect(harness.engine.startSession({ type: 'Gone', size: '640x480' })).rejects.toMatchObject({ code: 'unknown_type' });
    await harness.engine.stopSession(session.id);
    expect(await typeNames(harness)).toEqual(['One']);
  });

  it('shrinks a type: the session beyond the new count runs on, no new start there', async () => {
    harness = await startEngine({ Many: desktop(2, DISPLAY_BASE + 3) });
    const first = await harness.engine.startSession({ type: 'Many', size: '640x480' });
    const second = await harness.engine.startSession({ type: 'Many', size: '640x480' });
    expect(second.index).toBe(1);
    await harness.engine.stopSession(first.id);
    await harness.writeTypes({ Many: desktop(1, DISPLAY_BASE + 3) });
    await expect.poll(async () => (await harness.engine.listTypes())[0]?.count).toBe(1);
    expect((await harness.engine.listTypes())[0]?.slots.map((slot) => slot.state)).toEqual(['free', 'ready']);
    const third = await harness.engine.startSession({ type: 'Many', size: '640x480' });
    expect(third.index).toBe(0);
    await expect(harness.engine.startSession({ type: 'Many', size: '640x480' })).rejects.toMatchObject({ code: 'at_capacity' });
    await harness.engine.stopSession(second.id);
    expect((await harness.engine.listTypes())[0]?.slots.map((slot) => slot.state)).toEqual(['ready']);
    await harness.engine.stopSession(third.id);
  });

  it('an invalid edit keeps the last good configuration running and says why; a fix clears it', async () => {
    harness = await startEngine({ One: desktop(1) });
    const configEvents = () => harness.events.flatMap((e) => (e.kind === 'config' ? [e.config] : [])) as ConfigStatus[];
    await harness.writeTypes({ One: { script: 'xvnc', count: 'two' } });
    await expect.poll(async () => (await harness.engine.getConfigStatus()).error).toBe(
      'sessions.json: /One/count: expected an integer from 1 to 64, found "two"',
    );
    expect(configEvents().at(-1)?.error).toContain('/One/count');
    const session = await harness.engine.startSession({ type: 'One', size: '640x480' });
    await harness.engine.stopSession(session.id);
    expect((await harness.engine.listAudit({ kind: 'config_invalid' })).items.length).toBeGreaterThanOrEqual(1);

    await harness.writeTypes({ One: desktop(1), Fixed: desktop(1, DISPLAY_BASE + 5) });
    await expect.poll(async () => (await harness.engine.getConfigStatus()).error).toBeUndefined();
    expect(await typeNames(harness)).toEqual(['Fixed', 'One']);
  });
});
