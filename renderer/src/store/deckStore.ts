// The renderer's state, as one store made of slices: server state, navigation, viewer runtime,
// notices and operations (one file each). The factory owns nothing outside the store, so a fresh
// store (or a reset one) starts with no history. Derived values are in selectors.ts; the React
// side (provider and hook) is in useDeckStore.ts.
import { createStore } from 'zustand/vanilla';
import type { SessionDeckApi } from '../../../electron/shared/api';
import type { DeckState, DeckStore, DeckStoreApi, SliceContext } from './deckTypes';
import { initialNoticesState, noticesActions } from './noticesSlice';
import { initialOperationsState, operationsActions } from './operationsSlice';
import { initialServerState, serverActions } from './serverSlice';
import { initialUiState, uiActions } from './uiSlice';
import { initialViewerState, viewerActions } from './viewerSlice';

export function getInitialState(): DeckState {
  return {
    ...initialServerState(),
    ...initialUiState(),
    ...initialViewerState(),
    ...initialNoticesState(),
    ...initialOperationsState(),
  };
}

/** A store whose actions call `api`. */
export function createDeckStore(api: SessionDeckApi): DeckStoreApi {
  return createStore<DeckStore>()((set, get, store) => {
    const context: SliceContext = { set, get, subscribe: store.subscribe, api };
    return {
      ...getInitialState(),
      actions: {
        ...serverActions(context),
        ...uiActions(context),
        ...viewerActions(context),
        ...noticesActions(context),
        ...operationsActions(context),
      },
    };
  });
}

/** Back to the initial state, keeping the actions. */
export const resetDeckStore = (store: DeckStoreApi): void => store.setState(getInitialState());
