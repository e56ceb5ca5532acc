import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import { testDeckStore } from '../testing/deckStore';
import { fakeApi, session, sessionType } from '../testing/fakes';
import { createDeckStore, getInitialState, resetDeckStore } from './deckStore';

describe('createDeckStore', () => {
  it('starts from the initial state with every slice\'s actions', () => {
    const store = createDeckStore(fakeApi());
    const { actions, ...data } = store.getState();
    expect(data).toEqual(getInitialState());
    for (const name of ['refresh', 'openTab', 'setViewerPhase', 'reportError', 'startSession'] as const) {
      expect(typeof actions[name]).toBe('function');
    }
  });

  it('a reset forgets everything, including what this window stopped and the error count', async () => {
    const stopped = session({ id: 'a', state: 'terminated', cause: 'user_stopped', revision: 2 });
    const { store, actions, state } = testDeckStore({
      listTypes: () => Promise.resolve([sessionType()]),
      stopSession: () => Promise.resolve(stopped),
    });
    store.setState({ sessions: { a: session({ id: 'a', state: 'connected' }) } });
    await actions().stopSession('a');
    actions().reportError('extend', new ApiError('not_found', 'gone'), 'a');
    actions().selectSize('desk', '1024x768');
    actions().setViewerPhase('a', 'connected');
    await actions().refresh();

    resetDeckStore(store);
    const { actions: kept, ...data } = state();
    expect(data).toEqual(getInitialState());
    expect(kept).toBe(actions());

    // A fresh start: the same session ending with user_stopped was not stopped by this store now.
    store.setState({ sessions: { a: session({ id: 'a', state: 'connected' }) } });
    actions().applyEvent({ kind: 'session', session: stopped });
    expect(Object.keys(state().endedNotices)).toEqual(['a']);
    actions().reportError('load', new Error('x'));
    expect(state().errors.map((error) => error.id)).toEqual([1]);
  });

  it('two stores share nothing', async () => {
    const one = testDeckStore({ stopSession: () => Promise.resolve(session({ id: 'a', state: 'terminated', cause: 'user_stopped', revision: 2 })) });
    const two = testDeckStore();
    await one.actions().stopSession('a');
    one.actions().reportError('load', new Error('x'));
    two.actions().reportError('load', new Error('y'));
    expect(two.state().stoppedHere).toEqual({});
    expect(two.state().errors.map((error) => error.id)).toEqual([1]);
    expect(one.state().errors.map((error) => error.id)).toEqual([1]);
  });
});
