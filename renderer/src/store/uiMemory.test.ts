import { describe, expect, it } from 'vitest';
import { testDeckStore } from '../testing/deckStore';
import { fakeApi, flush, session } from '../testing/fakes';
import { createDeckStore } from './deckStore';
import { connectUiMemory, readRememberedUi, UI_MEMORY_KEY, type KeyValueStorage } from './uiMemory';
import { connectDeckStore } from './useDeckSync';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value) };
}

describe('ui memory', () => {
  it('writes the tabs, the one shown, disconnects, sizes, scaling and sidebar, and a new store reads them back', () => {
    const storage = memoryStorage();
    const { store, actions } = testDeckStore();
    const stop = connectUiMemory(store, storage);
    actions().openTab('a');
    actions().openTab('b');
    actions().closeTab('c');
    actions().selectSession('a');
    actions().selectSize('desk', '1024x768');
    actions().setScaleMode('actual');
    actions().toggleSidebar(true);
    stop();

    const fresh = testDeckStore().store;
    connectUiMemory(fresh, storage);
    expect(fresh.getState()).toMatchObject({
      openTabs: ['a', 'b'],
      selectedSessionId: 'a',
      disconnected: { c: true },
      selectedSizes: { desk: '1024x768' },
      scaleMode: 'actual',
      sidebar: 'closed',
      // Restored tabs do not take the keyboard: only one the user opens in this page does.
      focusRequest: null,
    });
  });

  it('drops what it cannot trust, field by field', () => {
    const bad = memoryStorage({
      [UI_MEMORY_KEY]: JSON.stringify({ openTabs: ['a', 3, 'a'], selectedSessionId: 7, scaleMode: 'zoom', sidebar: 'open', selectedSizes: { desk: 5, x: '800x600' } }),
    });
    expect(readRememberedUi(bad)).toEqual({ openTabs: ['a'], sidebar: 'open', selectedSizes: { x: '800x600' } });
    expect(readRememberedUi(memoryStorage({ [UI_MEMORY_KEY]: '{not json' }))).toEqual({});
    expect(readRememberedUi(memoryStorage())).toEqual({});
  });

  it('keeps restored tabs whose session the engine still has (a reload, a host restart) and drops the rest', async () => {
    const storage = memoryStorage({ [UI_MEMORY_KEY]: JSON.stringify({ openTabs: ['kept', 'gone', 'ended'], selectedSessionId: 'gone', disconnected: ['gone'] }) });
    const api = fakeApi({ listSessions: () => Promise.resolve([session({ id: 'kept' }), session({ id: 'ended', state: 'terminated' })]) });
    const store = createDeckStore(api);
    connectUiMemory(store, storage);
    const disconnect = connectDeckStore(api, store);
    await flush();
    expect(store.getState()).toMatchObject({ openTabs: ['kept'], selectedSessionId: null, disconnected: {} });
    expect(JSON.parse(storage.data[UI_MEMORY_KEY] ?? '{}')).toMatchObject({ openTabs: ['kept'] });
    disconnect();
  });

  it('a storage that refuses writes is only a warning', () => {
    const storage: KeyValueStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    const { store, actions } = testDeckStore();
    connectUiMemory(store, storage);
    expect(() => actions().openTab('a')).not.toThrow();
  });
});
