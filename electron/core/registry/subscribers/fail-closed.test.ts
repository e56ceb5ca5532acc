// A start whose durable records cannot be written is refused (journal_unavailable) and leaves
// nothing running: neither acknowledged without its audit record, nor running unrecorded.
import { afterEach, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHarness } from '../testing/registry-harness';
import { attachJournalWriter, type SessionJournal } from './journal-writer';
import { attachLiveRegistryWriter, type LiveRegistrySink } from './live-registry-writer';

function wire(h: RegistryHarness, journal: Partial<SessionJournal>, sink: LiveRegistrySink) {
  const full: SessionJournal = { record: async () => undefined, recordEnded: async () => undefined, noteConcurrency: () => undefined, ...journal };
  attachJournalWriter({ events: h.registry.events, journal: full, user: 'tester', runningOfType: () => 0, now: () => h.time.now(), log: () => undefined });
  attachLiveRegistryWriter({ events: h.registry.events, liveRecords: () => h.registry.liveRecords(), sink, identify: async (pid) => ({ pid, startTime: '1' }), log: () => undefined });
}

const okSink: LiveRegistrySink = { write: async () => undefined };

describe('fail closed', () => {
  let h: RegistryHarness;
  afterEach(async () => h?.close());

  it('refuses a start whose session_created record cannot be written, before its script runs', async () => {
    let started = 0;
    h = await startRegistry({ scripts: { Desk: { start: async (_o, setHostPort) => (started++, setHostPort('127.0.0.1', 5999), true) } } });
    wire(h, { record: async (input) => { if (input.kind === 'session_created') throw new Error('EROFS: read-only file system'); } }, okSink);
    await expect(h.start()).rejects.toMatchObject({ code: 'journal_unavailable', message: expect.stringContaining('the audit log cannot be written (EROFS: read-only file system)') });
    expect(started).toBe(0);
    expect(h.registry.listTypes()[0]!.slots[0]).toEqual({ index: 0, state: 'free' });
    expect(h.registry.listSessions()[0]).toMatchObject({ state: 'failed', cause: 'start_failed' });
  });

  it('refuses a start whose server cannot be recorded in the live registry, and stops that server', async () => {
    let failing = false;
    h = await startRegistry();
    wire(h, {}, { write: async (sessions) => { if (failing && sessions.length > 0) throw new Error('ENOSPC: no space left on device'); } });
    failing = true;
    const error = await h.start().catch((reason: { details: { sessionId: string } }) => reason);
    expect(error).toMatchObject({ code: 'journal_unavailable', message: expect.stringMatching(/live registry cannot be saved \(ENOSPC.*its server was stopped/) });
    // Never shown as ready: it failed while still starting.
    expect(h.statesOf((error as { details: { sessionId: string } }).details.sessionId)).toEqual(['starting', 'failed']);
    expect(h.stops()).toBe(1);
    expect(h.registry.liveRecords()).toEqual([]);
  });

  it('starts as usual when every record is written', async () => {
    h = await startRegistry();
    wire(h, {}, okSink);
    expect(await h.start()).toMatchObject({ state: 'ready' });
  });

  it('a stop asked for while a started server is being recorded ends the session once it is', async () => {
    let release: () => void = () => undefined;
    let gated = false;
    h = await startRegistry();
    wire(h, {}, {
      write: (sessions) =>
        gated && sessions.length > 0 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve(),
    });
    gated = true;
    const starting = h.start();
    await h.until(() => h.registry.listSessions()[0]?.startStep === 'server_starting' && h.stops() === 0);
    const id = h.registry.listSessions()[0]!.id;
    await h.time.settle();
    const stopping = h.registry.stopSession(id);
    gated = false;
    release();
    expect(await stopping).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(await starting).toMatchObject({ state: 'terminated', cause: 'user_stopped' });
    expect(h.stops()).toBe(1);
  });
});
