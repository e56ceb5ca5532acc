import { describe, expect, it } from 'vitest';
import { testDeckStore } from '../testing/deckStore';
import { session } from '../testing/fakes';

describe('ui slice', () => {
  it('picks sizes per type, the view and the session shown', () => {
    const { actions, state } = testDeckStore();
    actions().selectSize('desk', '1024x768');
    actions().selectSize('other', '1280x800');
    actions().setView('metrics');
    actions().selectSession('a');
    expect(state()).toMatchObject({ selectedSizes: { desk: '1024x768', other: '1280x800' }, view: 'metrics', selectedSessionId: 'a' });
  });

  it('opening a tab shows it on the sessions view', () => {
    const { actions, state } = testDeckStore({}, { view: 'history', openTabs: ['a'] });
    actions().openTab('b');
    actions().openTab('a');
    expect(state()).toMatchObject({ openTabs: ['a', 'b'], selectedSessionId: 'a', view: 'sessions' });
  });

  it('adopts a desktop shown by itself as a tab, once, without switching to it', () => {
    const { actions, state } = testDeckStore({}, { openTabs: ['a'], selectedSessionId: 'a', view: 'history' });
    actions().adoptTab('b');
    actions().adoptTab('b');
    expect(state()).toMatchObject({ openTabs: ['a', 'b'], selectedSessionId: 'a', view: 'history' });
  });

  it('Disconnect closes the tab, keeps the session and does not open it again by itself', () => {
    const { actions, state } = testDeckStore({}, { sessions: { a: session({ id: 'a' }) } });
    actions().openTab('a');
    actions().setThumbnail('a', 'data:image/jpeg;base64,x');
    actions().closeTab('a');
    expect(state()).toMatchObject({ openTabs: [], disconnected: { a: true }, selectedSessionId: null, thumbnails: {} });
    expect(state().sessions.a).toBeDefined();
    actions().openTab('a');
    expect(state()).toMatchObject({ openTabs: ['a'], disconnected: {}, selectedSessionId: 'a', view: 'sessions' });
  });
});
