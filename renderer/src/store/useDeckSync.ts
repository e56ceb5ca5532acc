// Keeps a deck store in step with the API: loads once, then applies every event and refreshes the
// lists behind it. Unsubscribes on unmount.
import { useEffect } from 'react';
import type { SessionDeckApi } from '../../../electron/shared/api';
import type { DeckStoreApi } from './deckTypes';
import { selectViewerTabs } from './selectors';

/** A safety net behind the events: lists are re-read this often anyway (a missed event, a lost login). */
export const PERIODIC_REFRESH_MS = 30_000;
/** While the host does not answer, it is asked this often, so the window notices it is back soon. */
export const HOST_DOWN_REFRESH_MS = 3_000;

/** `store` must have been made from the same `api` (its actions call it). */
export function connectDeckStore(api: SessionDeckApi, store: DeckStoreApi, periodMs = PERIODIC_REFRESH_MS, downPeriodMs = HOST_DOWN_REFRESH_MS): () => void {
  const { actions } = store.getState();
  const unsubscribe = api.onEvent((event) => {
    actions.applyEvent(event);
    // A session or types event says slots changed; the lists are refreshed behind it. A traffic
    // event (byte counts only, every few seconds while someone works) changes no list.
    if (event.kind === 'session' || event.kind === 'types') actions.requestRefresh();
  });
  actions.requestRefresh();
  void actions.loadSettings();
  const timer = setInterval(() => {
    actions.requestRefresh();
    void actions.loadSettings();
  }, periodMs);
  let downTimer: ReturnType<typeof setInterval> | null = null;
  let mounted = selectViewerTabs(store.getState());
  const unwatch = store.subscribe((state) => {
    // A viewer about to mount (the store changes before React renders it) gets its ticket asked for now.
    const viewers = selectViewerTabs(state);
    for (const id of viewers) if (!mounted.includes(id)) actions.prefetchViewerTicket(id);
    mounted = viewers;
    if (state.hostDown && downTimer === null) downTimer = setInterval(() => actions.requestRefresh(), downPeriodMs);
    if (!state.hostDown && downTimer !== null) {
      clearInterval(downTimer);
      downTimer = null;
      // Back: what changed meanwhile (settings too) is read again.
      void actions.loadSettings();
    }
  });
  return () => {
    clearInterval(timer);
    if (downTimer !== null) clearInterval(downTimer);
    unwatch();
    unsubscribe();
  };
}

export function useDeckSync(api: SessionDeckApi, store: DeckStoreApi): void {
  useEffect(() => connectDeckStore(api, store), [api, store]);
}
