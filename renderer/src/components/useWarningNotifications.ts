// A desktop notification for each timer warning the engine sends, where the user allowed them;
// clicking it shows that desktop.
import { useEffect } from 'react';
import { notify, warningNotificationText } from '../lib/notifications';
import type { DeckStoreApi } from '../store/deckTypes';

export function useWarningNotifications(store: DeckStoreApi): void {
  useEffect(() => {
    const told = new Set<string>();
    return store.subscribe((state, previous) => {
      if (state.warnings === previous.warnings) return;
      for (const [id, timer] of Object.entries(state.warnings)) {
        const key = `${id}@${timer.at}`;
        const session = state.sessions[id];
        if (told.has(key) || !session) continue;
        told.add(key);
        notify(warningNotificationText(session, timer, Date.now()), `session-deck-${id}`, () => state.actions.openTab(id));
      }
    });
  }, [store]);
}
