import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import type { SessionInfo } from '../../../electron/shared/session';
import { testDeckStore } from '../testing/deckStore';
import { session } from '../testing/fakes';
import { isSameFailure, toDeckError } from './noticesSlice';

describe('notices slice: errors', () => {
  it('keeps an ApiError code, message and details; anything else is internal', () => {
    expect(toDeckError(3, 'start', new ApiError('at_capacity', 'full', { limit: 'user' }), 'desk')).toEqual({
      id: 3,
      operation: 'start',
      subject: 'desk',
      code: 'at_capacity',
      message: 'full',
      details: { limit: 'user' },
    });
    expect(toDeckError(4, 'load', 'boom')).toEqual({ id: 4, operation: 'load', code: 'internal', message: 'boom' });
  });

  it('gives each error its own id, dismisses one, and clears one operation and subject', () => {
    const { actions, state } = testDeckStore();
    actions().reportError('stop', new Error('a'), 'x');
    actions().reportError('stop', new Error('b'), 'y');
    actions().reportError('extend', new Error('c'), 'x');
    expect(state().errors.map((error) => error.id)).toEqual([1, 2, 3]);
    actions().clearErrors('stop', 'x');
    expect(state().errors.map((error) => error.message)).toEqual(['b', 'c']);
    actions().dismissError(3);
    expect(state().errors.map((error) => error.message)).toEqual(['b']);
  });

  it('dismissing a failed session also dismisses the start error that said the same', () => {
    const failed = session({ id: 'f', state: 'failed', message: 'Xvnc exited' });
    const { actions, state } = testDeckStore({}, { sessions: { f: failed } });
    actions().reportError('start', new ApiError('start_failed', 'desk: Xvnc exited'), 'desk');
    actions().reportError('start', new ApiError('at_capacity', 'full'), 'desk');
    expect(isSameFailure(state().errors[0]!, failed)).toBe(true);
    actions().dismissFailure('f');
    expect(state().dismissedFailures).toEqual({ f: true });
    expect(state().errors.map((error) => error.message)).toEqual(['full']);
  });
});

describe('notices slice: desktops that ended', () => {
  it('says why a running session ended elsewhere, not when this window stopped it', async () => {
    const stopped = (id: string) => session({ id, state: 'terminated', cause: 'user_stopped', revision: 3 });
    const { actions, state } = testDeckStore(
      { stopSession: (id) => Promise.resolve(stopped(id)) },
      { sessions: { a: session({ id: 'a', state: 'connected' }), b: session({ id: 'b', state: 'connected' }) } },
    );
    await actions().stopSession('a');
    actions().applyEvent({ kind: 'session', session: stopped('b') });
    expect(Object.keys(state().endedNotices)).toEqual(['b']);
  });

  it('says why a running session ended by itself, not when a start failed', () => {
    const ended = (id: string, overrides: Partial<SessionInfo>) => session({ id, revision: 2, ...overrides });
    const { actions, state } = testDeckStore(
      {},
      { sessions: { a: session({ id: 'a', state: 'connected' }), c: session({ id: 'c', state: 'starting' }) }, openTabs: ['a'] },
    );
    actions().applyEvent({ kind: 'session', session: ended('a', { state: 'terminated', cause: 'inactivity_timeout' }) });
    actions().applyEvent({ kind: 'session', session: ended('c', { state: 'failed', cause: 'start_failed' }) });
    expect(Object.keys(state().endedNotices)).toEqual(['a']);
    actions().dismissNotice('a');
    expect(state().endedNotices).toEqual({});
    expect(state().openTabs).toEqual([]);
  });

  it('a late report of the running session does not raise a notice for one that ended', () => {
    const { actions, state } = testDeckStore({}, { sessions: { a: session({ id: 'a', state: 'terminated', cause: 'max_duration', revision: 5 }) } });
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'connected', revision: 4 }) });
    expect(state().sessions.a?.state).toBe('terminated');
    expect(state().endedNotices).toEqual({});
  });
});
