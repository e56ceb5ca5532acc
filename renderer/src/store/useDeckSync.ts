// Keeps the store in step with the API: loads once, then applies every event and refreshes the
// lists behind it. Unsubscribes on unmount.
import { useEffect } from 'react';
import type { SessionDeckApi } from '../../../electron/shared/api';
import { useDeckStore } from './deckStore';
import { createRefreshScheduler } from './refreshScheduler';

export function connectDeckStore(api: SessionDeckApi): () => void {
  const { actions } = useDeckStore.getState();
  const scheduler = createRefreshScheduler(() => actions.refresh(api));
  const unsubscribe = api.onEvent((event) => {
    actions.applyEvent(event);
    // A session or types event says slots changed; the lists are refreshed behind it.
    if (event.kind === 'session' || event.kind === 'types') scheduler.request();
  });
  scheduler.request();
  void actions.loadSettings(api);
  return unsubscribe;
}

export function useDeckSync(api: SessionDeckApi): void {
  useEffect(() => connectDeckStore(api), [api]);
}
