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
    // An event says something changed; the lists (slots especially) are refreshed behind it.
    scheduler.request();
  });
  scheduler.request();
  return unsubscribe;
}

export function useDeckSync(api: SessionDeckApi): void {
  useEffect(() => connectDeckStore(api), [api]);
}
