import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, flush, session, sessionType } from '../testing/fakes';
import { resetDeckStore, useDeckStore } from './deckStore';
import { connectDeckStore } from './useDeckSync';

beforeEach(() => resetDeckStore());

describe('connectDeckStore', () => {
  it('loads, applies events, refreshes behind them, and unsubscribes', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const api = fakeApi({ listTypes });
    const disconnect = connectDeckStore(api);
    await flush();
    expect(listTypes).toHaveBeenCalledTimes(1);
    expect(api.listenerCount()).toBe(1);

    api.emit({ kind: 'session', session: session({ id: 'a', state: 'starting' }) });
    expect(useDeckStore.getState().sessions.a?.state).toBe('starting');
    await flush();
    expect(listTypes).toHaveBeenCalledTimes(2);

    disconnect();
    expect(api.listenerCount()).toBe(0);
  });

  it('applies config and settings events without refreshing the lists', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const api = fakeApi({ listTypes });
    const disconnect = connectDeckStore(api);
    await flush();
    api.emit({ kind: 'config', config: { file: 's.json', loadedAt: 2, error: 'bad count' } });
    await flush();
    expect(useDeckStore.getState().config?.error).toBe('bad count');
    expect(listTypes).toHaveBeenCalledTimes(1);
    disconnect();
  });

  it('re-reads the lists now and then, and stops with the disconnect', async () => {
    vi.useFakeTimers();
    try {
      const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
      const disconnect = connectDeckStore(fakeApi({ listTypes }), 1_000);
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

