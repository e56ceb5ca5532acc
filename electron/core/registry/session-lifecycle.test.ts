// The lifecycle on fake time, with scripts that start no server: inactivity, maximum duration,
// extend, the grace after the last viewer, warnings, the start timeout and the sweeper's cadence.
import { afterEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE, startRegistry, type RegistryHarness } from './testing/registry-harness';

describe('session lifecycle on fake time', () => {
  let h: RegistryHarness;
  afterEach(async () => h?.close());

  it('closes an inactive session after exactly the inactivity timeout, in two steps', async () => {
    h = await startRegistry();
    const session = await h.start();
    expect(session.nextTimer).toEqual({ kind: 'inactivity', at: session.lastActivityAt! + 15 * MINUTE });
    await h.time.advance(15 * MINUTE - 5_001);
    expect(h.registry.getSession(session.id).state).toBe('ready');
    await h.time.advance(5_001);
    const ended = await h.settled(session.id);
    expect(ended).toMatchObject({ state: 'terminated', cause: 'inactivity_timeout' });
    expect(h.statesOf(session.id)).toEqual(['starting', 'ready', 'close_requested', 'terminated']);
    expect(h.stops()).toBe(1);
    expect(h.registry.listTypes()[0]!.slots[0]).toEqual({ index: 0, state: 'free' });
  });

  it('viewer input restarts the inactivity timer', async () => {
    h = await startRegistry();
    const session = await h.start();
    await h.time.advance(10 * MINUTE);
    h.registry.noteInput(session.id, h.time.now());
    await h.time.advance(10 * MINUTE);
    expect(h.registry.getSession(session.id).state).toBe('ready');
    await h.time.advance(6 * MINUTE);
    expect((await h.settled(session.id)).cause).toBe('inactivity_timeout');
  });

  it('closes at the maximum duration; extend moves the deadline to now + the maximum, bounded', async () => {
    h = await startRegistry({ timing: { inactivityTimeoutMs: 1000 * HOUR, maxSessionMs: HOUR } });
    const session = await h.start();
    expect(session.deadline).toBe(session.createdAt + HOUR);
    await h.time.advance(50 * MINUTE);
    const extended = await h.registry.extendSession(session.id);
    expect(extended.deadline).toBe(h.time.now() + HOUR);
    expect(extended.revision).toBeGreaterThan(session.revision);
    await h.time.advance(HOUR - 10_000);
    expect(h.registry.getSession(session.id).state).toBe('ready');
    await h.time.advance(10_000);
    const ended = await h.settled(session.id);
    expect(ended.cause).toBe('max_duration');
    expect(ended.endedAt).toBeGreaterThanOrEqual(extended.deadline!);
  });

  it('never extends past 240 hours after the start', async () => {
    h = await startRegistry({ timing: { inactivityTimeoutMs: 1000 * HOUR, maxSessionMs: 200 * HOUR } });
    const session = await h.start();
    await h.time.advance(100 * HOUR);
    expect((await h.registry.extendSession(session.id)).deadline).toBe(session.createdAt + 240 * HOUR);
  });

  it('keeps a session whose last viewer left running by default, until its inactivity timeout', async () => {
    h = await startRegistry({ timing: { inactivityTimeoutMs: HOUR } });
    const session = await h.start();
    h.registry.noteViewers(session.id, 1, true);
    h.registry.noteViewers(session.id, 0, false);
    expect(h.registry.getSession(session.id)).toMatchObject({ state: 'idle', nextTimer: { kind: 'inactivity' } });
    expect(h.registry.getSession(session.id)).not.toHaveProperty('lastViewerGraceMs');
    await h.time.advance(HOUR - MINUTE);
    expect(h.registry.getSession(session.id).state).toBe('idle');
    await h.time.advance(2 * MINUTE);
    expect(await h.settled(session.id)).toMatchObject({ cause: 'inactivity_timeout' });
  });

  it.each([
    ['its type ends it when the last viewer leaves', { lastViewerGraceMs: 30_000 }],
    ['the setting asks for it', { timing: { lastViewerGraceMs: 30_000 } }],
  ])('stops after the grace once the last viewer leaves when %s, and not while one is connected', async (_, options) => {
    h = await startRegistry(options);
    const session = await h.start();
    expect(session.lastViewerGraceMs).toBe(30_000);
    h.registry.noteViewers(session.id, 1, true);
    expect(h.registry.getSession(session.id).state).toBe('connected');
    await h.time.advance(5 * MINUTE);
    h.registry.noteViewers(session.id, 0, false);
    expect(h.registry.getSession(session.id)).toMatchObject({ state: 'idle', nextTimer: { kind: 'last_viewer_grace', at: h.time.now() + 30_000 } });
    await h.time.advance(25_000);
    expect(h.registry.getSession(session.id).state).toBe('idle');
    await h.time.advance(10_000);
    expect(await h.settled(session.id)).toMatchObject({ cause: 'last_viewer_left' });
    expect(h.statesOf(session.id)).toEqual(['starting', 'ready', 'connected', 'idle', 'close_requested', 'terminated']);
  });

  it('warns once per timer two minutes before it fires, and again after an extend', async () => {
    h = await startRegistry({ timing: { inactivityTimeoutMs: 1000 * HOUR, maxSessionMs: HOUR } });
    const session = await h.start();
    const warnings = () => h.events.filter((event) => event.kind === 'warning');
    await h.time.advance(57 * MINUTE);
    expect(warnings()).toEqual([]);
    await h.time.advance(90_000);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ session: { id: session.id }, timer: { kind: 'max_duration', at: session.createdAt + HOUR } });
    await h.time.advance(20_000);
    expect(warnings()).toHaveLength(1);
    h.registry.extendSession(session.id);
    await h.time.advance(59 * MINUTE);
    expect(warnings()).toHaveLength(2);
  });

  it('sweeps at the interval the settings say, read again every round', async () => {
    h = await startRegistry({ timing: { inactivityTimeoutMs: MINUTE } });
    const session = await h.start();
    h.timing.sweepIntervalMs = 60_000;
    await h.time.advance(5_000); // the round scheduled at the old interval runs, the next waits 60 s
    await h.time.advance(MINUTE - 5_000 + 1);
    expect(h.registry.getSession(session.id).state).toBe('ready');
    await h.time.advance(5_000);
    expect((await h.settled(session.id)).cause).toBe('inactivity_timeout');
  });

  it('a start that never answers fails at the start timeout and frees its slot', async () => {
    h = await startRegistry({ scripts: { Hangs: { start: () => new Promise(() => undefined) } } });
    const starting = h.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    await h.until(() => h.registry.listSessions()[0]?.startStep === 'server_starting');
    await h.time.advance(29_000);
    expect(h.registry.listSessions()[0]).toMatchObject({ state: 'starting', startStep: 'server_starting' });
    await h.time.advance(1_000);
    expect(await starting).toMatchObject({ code: 'start_failed', details: { cause: 'start_timeout' } });
    expect(h.registry.listTypes()[0]!.slots[0]).toEqual({ index: 0, state: 'free' });
    expect(h.stops()).toBe(1);
  });

  it('ends a session whose unowned server stops answering, within two seconds', async () => {
    let alive = true;
    h = await startRegistry({
      alive: async () => {
        if (!alive) throw new Error('connection refused');
      },
    });
    const session = await h.start();
    alive = false;
    await h.time.advance(2_000);
    expect(await h.settled(session.id)).toMatchObject({ cause: 'server_exited', message: 'the server stopped answering: connection refused' });
  });
});
