// A deck store on a fake API, for the store's tests. The API's methods can be replaced between
// calls (`api.listTypes = ...`): the store looks them up on every call.
import type { SessionDeckApi } from '../../../electron/shared/api';
import { createDeckStore } from '../store/deckStore';
import type { DeckState } from '../store/deckTypes';
import { fakeApi } from './fakes';

export function testDeckStore(overrides: Partial<SessionDeckApi> = {}, initial: Partial<DeckState> = {}) {
  const api = fakeApi(overrides);
  const store = createDeckStore(api);
  store.setState(initial);
  return { api, store, state: () => store.getState(), actions: () => store.getState().actions };
}
