// Keeps the store in step with the API: loads once, then applies every event and refreshes the
// lists behind it. Unsubscribes on unmount.
import { useEffect } from 'react';
import type { SessionDeckApi } from '../../../electron/shared/api';
import { useDeckStore } from './deckStore';
import { createRefreshScheduler } from './refreshScheduler';

/** A safety net behind the events: lists are re-read this often anyway (a missed event, a lost login). */
export const PERIODIC_REFRESH_MS = 30_000;

export function connectDeckStore(api: SessionDeckApi, periodMs = PERIODIC_REFRESH_MS): () => void {
  const { actions } = useDeckStore.getState();
  const scheduler = createRefreshScheduler(() => actions.refresh(api));
  const unsubscribe = api.onEvent((event) => {
    actions.applyEvent(event);
    // A session or types event says slots changed; the lists are refreshed behind it.
    if (event.kind === 'session' || event.kind === 'types') scheduler.request();
  });
  scheduler.request();
  void actions.loadSettings(api);
  const timer = setInterval(() => {
    scheduler.request();
    void actions.loadSettings(api);
  }, periodMs);
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}

export function useDeckSync(api: SessionDeckApi): void {
  useEffect(() => connectDeckStore(api), [api]);
}
