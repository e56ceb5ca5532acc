// Hands the window's one deck store to the components, as zustand's hook does for a global store.
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { DeckStore, DeckStoreApi } from './deckTypes';

const DeckStoreContext = createContext<DeckStoreApi | null>(null);

export function DeckStoreProvider({ store, children }: { store: DeckStoreApi; children: ReactNode }) {
  return <DeckStoreContext.Provider value={store}>{children}</DeckStoreContext.Provider>;
}

export function useDeckStoreApi(): DeckStoreApi {
  const store = useContext(DeckStoreContext);
  if (!store) throw new Error('useDeckStore() needs a <DeckStoreProvider> above it');
  return store;
}

/** The selected part of the state; re-renders when it changes (wrap array-building selectors in useShallow). */
export function useDeckStore<T>(selector: (state: DeckStore) => T): T {
  return useStore(useDeckStoreApi(), selector);
}
