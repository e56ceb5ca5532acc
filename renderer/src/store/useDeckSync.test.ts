import { describe, expect, it, vi } from 'vitest';
import type { SessionDeckApi } from '../../../electron/shared/api';
import { fakeApi, flush, session, sessionType } from '../testing/fakes';
import { createDeckStore } from './deckStore';
import { connectDeckStore } from './useDeckSync';

/** A store on `api`, connected to it. */
function connect(api: ReturnType<typeof fakeApi>, periodMs?: number) {
  const store = createDeckStore(api as SessionDeckApi);
  return { store, disconnect: connectDeckStore(api, store, periodMs) };
}

describe('connectDeckStore', () => {
  it('loads, applies events, refreshes behind them, and unsubscribes', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const api = fakeApi({ listTypes });
    const { store, disconnect } = connect(api);
    await flush();
    expect(listTypes).toHaveBeenCalledTimes(1);
    expect(api.listenerCount()).toBe(1);

    api.emit({ kind: 'session', session: session({ id: 'a', state: 'starting' }) });
    expect(store.getState().sessions.a?.state).toBe('starting');
    await flush();
    expect(listTypes).toHaveBeenCalledTimes(2);

    disconnect();
    expect(api.listenerCount()).toBe(0);
  });

  it('asks for a viewer ticket as soon as a session that will be shown is ready, once', async () => {
    const openViewer = vi.fn(() => Promise.resolve({ url: 'ws://127.0.0.1:1/vnc/t', viewOnly: false }));
    const api = fakeApi({ openViewer });
    const { store, disconnect } = connect(api);
    await flush();
    api.emit({ kind: 'session', session: session({ id: 'a', state: 'starting' }) });
    expect(openViewer).not.toHaveBeenCalled();
    api.emit({ kind: 'session', session: session({ id: 'a', state: 'ready', revision: 2 }) });
    expect(openViewer).toHaveBeenCalledWith('a', { viewOnly: false });
    api.emit({ kind: 'session', session: session({ id: 'a', state: 'ready', revision: 3 }) });
    await flush();
    expect(openViewer).toHaveBeenCalledTimes(1);
    expect(store.getState().actions.takeViewerTicket('a')).toBeDefined();
    disconnect();
  });

  it('applies config and settings events without refreshing the lists', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const api = fakeApi({ listTypes });
    const { store, disconnect } = connect(api);
    await flush();
    api.emit({ kind: 'config', config: { file: 's.json', loadedAt: 2, error: 'bad count' } });
    await flush();
    expect(store.getState().config?.error).toBe('bad count');
    expect(listTypes).toHaveBeenCalledTimes(1);
    disconnect();
  });

  it('merges a traffic event into its session without re-reading the lists, and never rolls the counts back', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const listSessions = vi.fn(() => Promise.resolve([session({ id: 'a', revision: 3, bytesToViewer: 10, bytesFromViewer: 1 })]));
    const api = fakeApi({ listTypes, listSessions });
    const { store, disconnect } = connect(api);
    await flush();
    const before = store.getState().sessions.a!;
    api.emit({ kind: 'traffic', sessionId: 'a', bytesToViewer: 5_000, bytesFromViewer: 20 });
    await flush();
    expect(store.getState().sessions.a).toEqual({ ...before, bytesToViewer: 5_000, bytesFromViewer: 20 });
    expect(listTypes).toHaveBeenCalledTimes(1);
    expect(listSessions).toHaveBeenCalledTimes(1);
    // A report with a newer revision that was made before those bytes moved keeps the larger counts.
    api.emit({ kind: 'session', session: session({ id: 'a', revision: 4, viewers: 1, bytesToViewer: 4_000, bytesFromViewer: 15 }) });
    expect(store.getState().sessions.a).toMatchObject({ revision: 4, viewers: 1, bytesToViewer: 5_000, bytesFromViewer: 20 });
    // Traffic of a session this window does not know yet waits for its first report.
    api.emit({ kind: 'traffic', sessionId: 'unknown', bytesToViewer: 1, bytesFromViewer: 1 });
    expect(store.getState().sessions.unknown).toBeUndefined();
    disconnect();
  });

  it('re-reads the lists now and then, and stops with the disconnect', async () => {
    vi.useFakeTimers();
    try {
      const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
      const { disconnect } = connect(fakeApi({ listTypes }), 1_000);
      expect(listTypes).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(listTypes).toHaveBeenCalledTimes(2);
      disconnect();
      await vi.advanceTimersByTimeAsync(5_000);
      expect(listTypes).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

