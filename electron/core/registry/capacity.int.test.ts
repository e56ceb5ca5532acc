// Capacity and authorization with real Xvnc servers: per-type count, the user limit, 100 starts at
// once, and options.group.
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';

const DISPLAY_BASE = await reserveDisplays(11);

describe('capacity', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('100 simultaneous starts against count 4: exactly 4 start, in 4 distinct slots, the rest are refused', async () => {
    harness = await startEngine({ Four: { script: 'xvnc', count: 4, options: { sizes: ['640x480'], display_base: DISPLAY_BASE } } });
    await harness.engine.updateSettings({ userLimit: 100 });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => harness.engine.startSession({ type: 'Four', size: '640x480' })));
    const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const refused = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
    expect(started).toHaveLength(4);
    expect(started.map((session) => session.index).sort()).toEqual([0, 1, 2, 3]);
    expect(refused).toHaveLength(96);
    for (const error of refused) expect(error).toMatchObject({ code: 'at_capacity', details: { limit: 'type' } });
    for (let display = DISPLAY_BASE; display < DISPLAY_BASE + 4; display++) expect(await findProcesses('Xvnc', `:${display} `)).toHaveLength(1);
    const audit = await harness.engine.listAudit({ kind: 'refused_at_capacity', limit: 500 });
    expect(audit.items).toHaveLength(96);

    await Promise.all(started.map((session) => harness.engine.stopSession(session.id)));
    for (let display = DISPLAY_BASE; display < DISPLAY_BASE + 4; display++) expect(await findProcesses('Xvnc', `:${display} `)).toEqual([]);
    expect(await harness.engine.listSessions()).toHaveLength(4); // only the four that ran: refusals leave nothing
  });

  it('the user limit applies across types and names itself; raising it applies at once', async () => {
    harness = await startEngine({
      A: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: DISPLAY_BASE + 5 } },
      B: { script: 'xvnc', count: 2, options: { sizes: ['640x480'], display_base: DISPLAY_BASE + 7 } },
    });
    await harness.engine.updateSettings({ userLimit: 2 });
    const a = await harness.engine.startSession({ type: 'A', size: '640x480' });
    const b = await harness.engine.startSession({ type: 'B', size: '640x480' });
    await expect(harness.engine.startSession({ type: 'A', size: '640x480' })).rejects.toMatchObject({
      code: 'at_capacity',
      message: 'At capacity: the user limit of 2 session(s) is reached',
      details: { limit: 'user' },
    });
    await harness.engine.updateSettings({ userLimit: 3 });
    const c = await harness.engine.startSession({ type: 'A', size: '640x480' });
    expect(c.index).toBe(1);
    await Promise.all([a, b, c].map((session) => harness.engine.stopSession(session.id)));
  });
});

describe('authorization by OS group', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('lists a type of another group as not allowed and refuses it with not_authorized', async () => {
    harness = await startEngine(
      {
        Admins: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY_BASE + 9, group: 'wheel-admins' } },
        Staff: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY_BASE + 10, group: 'staff' } },
      },
      { userGroups: ['users', 'staff'] },
    );
    const types = await harness.engine.listTypes();
    expect(types.find((t) => t.name === 'Admins')).toMatchObject({ allowed: false, notAllowedReason: 'only members of the group "wheel-admins" may start "Admins"' });
    expect(types.find((t) => t.name === 'Staff')).toMatchObject({ allowed: true });
    await expect(harness.engine.startSession({ type: 'Admins', size: '640x480' })).rejects.toMatchObject({ code: 'not_authorized' });
    expect((await harness.engine.listAudit({ kind: 'refused_not_authorized' })).items).toHaveLength(1);
    const staff = await harness.engine.startSession({ type: 'Staff', size: '640x480' });
    await harness.engine.stopSession(staff.id);
  });
});
