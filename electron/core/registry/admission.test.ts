// Admission and the terminal event of every start: refusals, failed claims and stops that arrive
// while a start is still claiming its slot, on fake time with scripts that start no server.
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from './session-events';
import { startRegistry, type RegistryHarness } from './testing/registry-harness';

/**
 * A probe that, once armed, waits until the test lets it answer. Before, it answers "free" at
 * once: the registry looks at idle slots as soon as a configuration is applied.
 */
function gatedProbe() {
  let open: (busy: string | undefined) => void = () => undefined;
  let calls = 0;
  let armed = false;
  const probe = () => {
    if (!armed) return Promise.resolve(undefined);
    calls++;
    return new Promise<string | undefined>((resolve) => (open = resolve));
  };
  return { probe, arm: () => void (armed = true), answer: (busy: string | undefined) => open(busy), calls: () => calls };
}

const terminalIds = (events: SessionEvent[]) =>
  events.flatMap((event) => (event.kind === 'ended' ? [event.session.id] : event.kind === 'refused' && event.sessionId ? [event.sessionId] : []));

describe('admission', () => {
  let h: RegistryHarness;
  afterEach(async () => h?.close());

  it('a shutdown while a start claims its slot resolves once the claim fails, with a refused event', async () => {
    const gate = gatedProbe();
    h = await startRegistry({ scripts: { Slow: { probe: gate.probe } }, count: 1 });
    gate.arm();
    const starting = h.start().then(
      () => 'started',
      (error: { code: string }) => error.code,
    );
    await h.until(() => gate.calls() === 1);
    expect(h.registry.listSessions()).toEqual([]); // nothing visible before it has a slot
    const closed = h.registry.close();
    gate.answer('display :100 is held by another X server');
    await closed;
    expect(await starting).toBe('at_capacity');
    const refused = h.events.filter((event) => event.kind === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ type: 'Slow', sessionId: expect.any(String), error: { code: 'at_capacity' } });
    expect(h.registry.liveRecords()).toEqual([]);
  });

  it('a shutdown while a start claims a slot that turns out free ends it without starting the script', async () => {
    const gate = gatedProbe();
    let started = 0;
    h = await startRegistry({ scripts: { Slow: { probe: gate.probe, start: async () => (started++, true) } }, count: 1 });
    gate.arm();
    const starting = h.start();
    await h.until(() => gate.calls() === 1);
    const closed = h.registry.close();
    gate.answer(undefined);
    await closed;
    expect(await starting).toMatchObject({ state: 'terminated', cause: 'manager_shutdown' });
    expect(started).toBe(0);
    expect(h.stops()).toBe(0);
    expect(h.registry.listTypes()[0]!.slots[0]).toEqual({ index: 0, state: 'free' });
  });

  it('every admitted start reaches exactly one terminal event: ready-then-ended, failed, or refused', async () => {
    h = await startRegistry({ scripts: { Ok: {}, Fails: { start: async () => false } }, count: 2, userLimit: 3 });
    const results = await Promise.allSettled([h.start('Ok'), h.start('Ok'), h.start('Ok'), h.start('Fails'), h.start('Fails')]);
    expect(results.map((result) => result.status).filter((status) => status === 'fulfilled')).toHaveLength(2);
    await h.registry.close();
    const admitted = new Set(h.events.flatMap((event) => (event.kind === 'created' ? [event.session.id] : event.kind === 'refused' && event.sessionId ? [event.sessionId] : [])));
    const terminal = terminalIds(h.events);
    expect(terminal.sort()).toEqual([...admitted].sort());
    expect(new Set(terminal).size).toBe(terminal.length);
    // Refused before admission (the user limit) are told too, without an id.
    expect(h.events.filter((event) => event.kind === 'refused' && !event.sessionId).length + admitted.size).toBe(5);
  });

  it('counts a start still claiming its slot against the user limit', async () => {
    const gate = gatedProbe();
    h = await startRegistry({ scripts: { Slow: { probe: gate.probe } }, count: 2, userLimit: 1 });
    gate.arm();
    const first = h.start();
    await h.until(() => gate.calls() === 1);
    await expect(h.start()).rejects.toMatchObject({ code: 'at_capacity', details: { limit: 'user' } });
    gate.answer(undefined);
    expect(await first).toMatchObject({ state: 'ready' });
  });

  it('a stop during a start that is still starting ends it once, as stopped by the user', async () => {
    let release: (ok: boolean) => void = () => undefined;
    h = await startRegistry({ scripts: { Hangs: { start: (_options, setHostPort) => (setHostPort('127.0.0.1', 5999), new Promise((resolve) => (release = resolve))) } } });
    const starting = h.start();
    await h.until(() => h.registry.listSessions()[0]?.startStep === 'server_starting');
    const id = h.registry.listSessions()[0]!.id;
    const [stopped, again] = await Promise.all([h.registry.stopSession(id), h.registry.stopSession(id)]);
    release(true);
    expect(stopped).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(again).toEqual(stopped);
    expect(await starting).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(h.stops()).toBe(1);
    expect(h.statesOf(id)).toEqual(['starting', 'close_requested', 'terminated']);
  });
});
