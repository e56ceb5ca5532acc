import { describe, expect, it } from 'vitest';
import type { UiMemoryMethods } from '../../../electron/shared/api';
import { UI_MEMORY_KEY, type StoredUiMemory } from '../../../electron/shared/ui-memory';
import { browserUiMemory, type KeyValueStorage } from '../api/browserUiMemory';
import { testDeckStore } from '../testing/deckStore';
import { fakeApi, flush, session } from '../testing/fakes';
import { createDeckStore } from './deckStore';
import { connectUiMemory, parseRememberedUi, storedUi } from './uiMemory';
import { connectDeckStore } from './useDeckSync';

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value) };
}

/** The app's side as the renderer sees it: answers later, as IPC does, and keeps what was saved. */
function appMemory(initial: StoredUiMemory | null = null): UiMemoryMethods & { saved: StoredUiMemory | null } {
  const memory = {
    saved: initial,
    loadUiMemory: async () => {
      await flush();
      return memory.saved;
    },
    saveUiMemory: async (value: StoredUiMemory) => void (memory.saved = value),
  };
  return memory;
}

describe('ui memory', () => {
  it('saves the tabs, the one shown, disconnects, sizes, scaling and sidebar, and a new store reads them back', async () => {
    const storage = memoryStorage();
    const { store, actions } = testDeckStore();
    const stop = connectUiMemory(store, browserUiMemory(storage));
    await flush();
    actions().openTab('a');
    actions().openTab('b');
    actions().closeTab('c');
    actions().selectSession('a');
    actions().selectSize('desk', '1024x768');
    actions().setScaleMode('actual');
    actions().toggleSidebar(true);
    await flush();
    stop();
    // The format earlier versions wrote in a browser's local storage.
    expect(JSON.parse(storage.data[UI_MEMORY_KEY] ?? '{}')).toEqual({
      openTabs: ['a', 'b'],
      selectedSessionId: 'a',
      disconnected: ['c'],
      selectedSizes: { desk: '1024x768' },
      scaleMode: 'actual',
      sidebar: 'closed',
    });

    const fresh = testDeckStore().store;
    connectUiMemory(fresh, browserUiMemory(storage));
    await flush();
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

  it('in the app: restores what the store answers later, saves only after that, and nothing after the stop', async () => {
    const memory = appMemory({ openTabs: ['x'], selectedSessionId: 'x', sidebar: 'open' });
    const { store, actions } = testDeckStore();
    const stop = connectUiMemory(store, memory);
    // Not read yet: nothing saved over what the last run left.
    actions().selectSize('desk', '800x600');
    expect(memory.saved).toEqual({ openTabs: ['x'], selectedSessionId: 'x', sidebar: 'open' });
    await flush();
    await flush();
    expect(store.getState()).toMatchObject({ openTabs: ['x'], selectedSessionId: 'x', sidebar: 'open' });
    actions().openTab('y');
    expect(memory.saved).toMatchObject({ openTabs: ['x', 'y'] });
    stop();
    actions().openTab('z');
    expect(memory.saved).toMatchObject({ openTabs: ['x', 'y'] });
    // Stopped before the answer came: nothing restored.
    const late = testDeckStore();
    connectUiMemory(late.store, appMemory({ openTabs: ['x'] }))();
    await flush();
    await flush();
    expect(late.store.getState().openTabs).toEqual([]);
  });

  it('drops what it cannot trust, field by field', () => {
    expect(parseRememberedUi({ openTabs: ['a', 3, 'a'], selectedSessionId: 7, scaleMode: 'zoom', sidebar: 'open', selectedSizes: { desk: 5, x: '800x600' } })).toEqual({
      openTabs: ['a'],
      sidebar: 'open',
      selectedSizes: { x: '800x600' },
    });
    expect(parseRememberedUi(null)).toEqual({});
    expect(parseRememberedUi(['a'])).toEqual({});
  });

  it('a browser: unreadable or foreign local storage is nothing remembered', async () => {
    expect(await browserUiMemory(memoryStorage({ [UI_MEMORY_KEY]: '{not json' })).loadUiMemory()).toBeNull();
    expect(await browserUiMemory(memoryStorage({ [UI_MEMORY_KEY]: '{"openTabs": "a"}' })).loadUiMemory()).toBeNull();
    expect(await browserUiMemory(memoryStorage()).loadUiMemory()).toBeNull();
    expect(await browserUiMemory(null).loadUiMemory()).toBeNull();
  });

  it('keeps at most 256 of each list, the newest', () => {
    const ids = Array.from({ length: 300 }, (_, i) => `s${i}`);
    const stored = storedUi({ openTabs: ids, selectedSessionId: null, disconnected: Object.fromEntries(ids.map((id) => [id, true as const])), selectedSizes: {}, scaleMode: 'fit', sidebar: 'auto' });
    expect(stored.openTabs).toHaveLength(256);
    expect(stored.openTabs?.at(-1)).toBe('s299');
    expect(stored.disconnected).toHaveLength(256);
  });

  it('keeps restored tabs whose session the engine still has (a reload, a host restart) and drops the rest', async () => {
    const storage = memoryStorage({ [UI_MEMORY_KEY]: JSON.stringify({ openTabs: ['kept', 'gone', 'ended'], selectedSessionId: 'gone', disconnected: ['gone'] }) });
    const api = fakeApi({ listSessions: () => Promise.resolve([session({ id: 'kept' }), session({ id: 'ended', state: 'terminated' })]) });
    const store = createDeckStore(api);
    connectUiMemory(store, browserUiMemory(storage));
    await flush();
    const disconnect = connectDeckStore(api, store);
    await flush();
    expect(store.getState()).toMatchObject({ openTabs: ['kept'], selectedSessionId: null, disconnected: {} });
    expect(JSON.parse(storage.data[UI_MEMORY_KEY] ?? '{}')).toMatchObject({ openTabs: ['kept'] });
    disconnect();
  });

  it('drops the tabs of sessions gone also when the sessions were listed before the memory was read', async () => {
    const api = fakeApi({ listSessions: () => Promise.resolve([session({ id: 'kept' })]) });
    const store = createDeckStore(api);
    const disconnect = connectDeckStore(api, store);
    await flush();
    expect(store.getState().status).toBe('loaded');
    const memory = appMemory({ openTabs: ['kept', 'gone'], selectedSessionId: 'gone' });
    connectUiMemory(store, memory);
    await flush();
    await flush();
    expect(store.getState()).toMatchObject({ openTabs: ['kept'], selectedSessionId: null });
    expect(memory.saved).toMatchObject({ openTabs: ['kept'], selectedSessionId: null });
    disconnect();
  });

  it('a storage that refuses writes is only a warning', async () => {
    const storage: KeyValueStorage = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const { store, actions } = testDeckStore();
    connectUiMemory(store, browserUiMemory(storage));
    await flush();
    expect(() => actions().openTab('a')).not.toThrow();
    await flush();
  });
});
