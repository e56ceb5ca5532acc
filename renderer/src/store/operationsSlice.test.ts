import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import type { SessionInfo } from '../../../electron/shared/session';
import { testDeckStore } from '../testing/deckStore';
import { deferred, flush, session, sessionType } from '../testing/fakes';

describe('operations slice: start', () => {
  it('shows a pending start, then the session, selected for the viewer', async () => {
    const reply = deferred<SessionInfo>();
    const startSession = vi.fn(() => reply.promise);
    const started = session({ id: 'new', state: 'ready' });
    const { actions, state } = testDeckStore({ startSession, listSessions: () => Promise.resolve([started]) });
    const starting = actions().startSession('desk', '1024x768');
    expect(state().pendingStarts.desk).toMatchObject({ type: 'desk', size: '1024x768' });
    // A second click while it starts does nothing.
    await expect(actions().startSession('desk', '1024x768')).resolves.toBeNull();
    expect(startSession).toHaveBeenCalledTimes(1);
    reply.resolve(started);
    await expect(starting).resolves.toMatchObject({ id: 'new' });
    expect(state().pendingStarts).toEqual({});
    expect(state().sessions.new?.state).toBe('ready');
    expect(state().selectedSessionId).toBe('new');
  });

  it('records a failed start with its code and details, and clears it on the next attempt', async () => {
    const { api, actions, state } = testDeckStore({
      startSession: () => Promise.reject(new ApiError('at_capacity', 'All 2 slots of desk are in use', { limit: 'type' })),
    });
    await actions().startSession('desk', '1024x768');
    expect(state().pendingStarts).toEqual({});
    expect(state().errors).toMatchObject([
      { operation: 'start', subject: 'desk', code: 'at_capacity', message: 'All 2 slots of desk are in use', details: { limit: 'type' } },
    ]);
    api.startSession = () => new Promise(() => {});
    void actions().startSession('desk', '1024x768');
    expect(state().errors).toEqual([]);
  });

  it('refreshes the lists after a start, whatever its outcome', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const { actions, state } = testDeckStore({ listTypes, startSession: () => Promise.reject(new Error('x')) });
    await actions().startSession('desk', '1x1');
    await flush();
    expect(listTypes).toHaveBeenCalled();
    expect(state().errors[0]).toMatchObject({ code: 'internal', message: 'x' });
  });

  it('a started session opens its viewer tab and is followed as a launch', async () => {
    const { actions, state } = testDeckStore({ startSession: () => Promise.resolve(session({ id: 'new', state: 'ready' })) });
    await actions().startSession('desk', '1024x768');
    expect(state().openTabs).toEqual(['new']);
    expect(state().launches.desk).toMatchObject({ sessionId: 'new', size: '1024x768' });
  });

  it('no launch to follow when the viewer connected before the start replied', async () => {
    const reply = deferred<SessionInfo>();
    const { actions, state } = testDeckStore({ startSession: () => reply.promise });
    const starting = actions().startSession('desk', '1024x768');
    // The ready event arrives first, the viewer shows it and connects.
    actions().applyEvent({ kind: 'session', session: session({ id: 'early', state: 'ready' }) });
    actions().setViewerPhase('early', 'connected');
    reply.resolve(session({ id: 'early', state: 'ready' }));
    await starting;
    expect(state().launches).toEqual({});
  });
});

describe('operations slice: stop', () => {
  it('marks a stop in flight and records the stopped session', async () => {
    const reply = deferred<SessionInfo>();
    const { actions, state } = testDeckStore(
      { stopSession: () => reply.promise },
      { sessions: { a: session({ id: 'a' }) }, selectedSessionId: 'a', openTabs: ['a'] },
    );
    const stopping = actions().stopSession('a');
    expect(state().pendingStops).toEqual({ a: true });
    reply.resolve(session({ id: 'a', state: 'terminated', cause: 'user_stopped', revision: 9 }));
    await stopping;
    expect(state().pendingStops).toEqual({});
    expect(state().sessions.a?.state).toBe('terminated');
    expect(state()).toMatchObject({ selectedSessionId: null, openTabs: [] });
  });

  it('records a failed stop', async () => {
    const { actions, state } = testDeckStore({ stopSession: () => Promise.reject(new ApiError('not_found', 'No session a')) });
    await actions().stopSession('a');
    expect(state().errors).toMatchObject([{ operation: 'stop', subject: 'a', code: 'not_found' }]);
  });

  it('a stop reply older than the terminated event does not bring the session back', async () => {
    const reply = deferred<SessionInfo>();
    const { actions, state } = testDeckStore({ stopSession: () => reply.promise }, { sessions: { a: session({ id: 'a', revision: 2 }) } });
    const stopping = actions().stopSession('a');
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'terminated', cause: 'user_stopped', revision: 4 }) });
    reply.resolve(session({ id: 'a', state: 'close_requested', revision: 3 }));
    await stopping;
    expect(state().sessions.a?.state).toBe('terminated');
  });
});

describe('operations slice: extend', () => {
  it('extends a session once at a time and records its new timer, or the error', async () => {
    const reply = deferred<SessionInfo>();
    const extendSession = vi.fn(() => reply.promise);
    const { api, actions, state } = testDeckStore({ extendSession });
    const extending = actions().extendSession('a');
    void actions().extendSession('a');
    expect(extendSession).toHaveBeenCalledTimes(1);
    expect(state().pendingExtends).toEqual({ a: true });
    reply.resolve(session({ id: 'a', nextTimer: { kind: 'inactivity', at: 99_000 }, revision: 5 }));
    await extending;
    expect(state().pendingExtends).toEqual({});
    expect(state().sessions.a?.nextTimer).toEqual({ kind: 'inactivity', at: 99_000 });
    api.extendSession = () => Promise.reject(new ApiError('not_found', 'gone'));
    await actions().extendSession('a');
    expect(state().errors).toMatchObject([{ operation: 'extend', subject: 'a', code: 'not_found' }]);
  });

  it('an extend reply that a viewer event overtook does not roll the viewers back', async () => {
    const reply = deferred<SessionInfo>();
    const idle = session({ id: 'a', state: 'idle', viewers: 0, revision: 3, updatedAt: 1_000 });
    const { actions, state } = testDeckStore({ extendSession: () => reply.promise }, { sessions: { a: idle } });
    const extending = actions().extendSession('a');
    // The engine extends (revision 4), then a viewer connects (revision 5); the reply comes last.
    actions().applyEvent({ kind: 'session', session: { ...idle, state: 'connected', viewers: 1, deadline: 9_000, revision: 5 } });
    reply.resolve({ ...idle, deadline: 9_000, revision: 4 });
    await extending;
    expect(state().sessions.a).toMatchObject({ state: 'connected', viewers: 1, deadline: 9_000 });
  });
});
