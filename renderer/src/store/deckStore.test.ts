import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import { DEFAULT_SETTINGS } from '../../../electron/shared/settings';
import { deferred, fakeApi, flush, session, sessionType } from '../testing/fakes';
import { getInitialState, resetDeckStore, useDeckStore } from './deckStore';

const state = () => useDeckStore.getState();
const actions = () => useDeckStore.getState().actions;

beforeEach(() => resetDeckStore());

describe('deck store: loading', () => {
  it('starts empty and resets to its initial state, keeping its actions', () => {
    actions().selectSize('desk', '1024x768');
    resetDeckStore();
    const { actions: kept, ...data } = state();
    expect(data).toEqual(getInitialState());
    expect(typeof kept.refresh).toBe('function');
  });

  it('refresh loads types and sessions', async () => {
    const api = fakeApi({
      listTypes: () => Promise.resolve([sessionType()]),
      listSessions: () => Promise.resolve([session({ id: 'a' })]),
    });
    const loading = actions().refresh(api);
    expect(state().status).toBe('loading');
    await loading;
    expect(state().status).toBe('loaded');
    expect(state().types).toEqual([sessionType()]);
    expect(Object.keys(state().sessions)).toEqual(['a']);
  });

  it('refresh records a load error, and a later success clears it', async () => {
    const failing = fakeApi({ listTypes: () => Promise.reject(new ApiError('unauthenticated', 'Open the printed URL')) });
    await actions().refresh(failing);
    expect(state().status).toBe('error');
    expect(state().errors).toMatchObject([{ operation: 'load', code: 'unauthenticated', message: 'Open the printed URL' }]);
    await actions().refresh(failing);
    expect(state().errors).toHaveLength(1); // not piled up
    await actions().refresh(fakeApi());
    expect(state().status).toBe('loaded');
    expect(state().errors).toEqual([]);
  });

  it('a list reply drops sessions that are gone but keeps failed ones for their report', async () => {
    useDeckStore.setState({
      sessions: {
        gone: session({ id: 'gone' }),
        ended: session({ id: 'ended', state: 'terminated' }),
        bad: session({ id: 'bad', state: 'failed', message: 'no Xvnc' }),
      },
    });
    await actions().refresh(fakeApi({ listSessions: () => Promise.resolve([session({ id: 'new' })]) }));
    expect(Object.keys(state().sessions).sort()).toEqual(['bad', 'new']);
  });

  it('a list reply does not drop a session reported while it was in flight', async () => {
    const list = deferred<ReturnType<typeof session>[]>();
    const refreshing = actions().refresh(fakeApi({ listSessions: () => list.promise }));
    actions().applyEvent({ kind: 'session', session: session({ id: 'fresh' }) });
    list.resolve([]);
    await refreshing;
    expect(Object.keys(state().sessions)).toEqual(['fresh']);
  });
});

describe('deck store: failures', () => {
  it('dismissing a failed session also dismisses the start error that said the same', () => {
    useDeckStore.setState({ sessions: { f: session({ id: 'f', state: 'failed', message: 'Xvnc exited' }) } });
    actions().reportError('start', new ApiError('start_failed', 'Xvnc exited'), 'desk');
    actions().reportError('start', new ApiError('at_capacity', 'full'), 'desk');
    actions().dismissFailure('f');
    expect(state().dismissedFailures).toEqual({ f: true });
    expect(state().errors.map((error) => error.message)).toEqual(['full']);
  });
});

describe('deck store: events', () => {
  it('applies session and types events', () => {
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'starting' }) });
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'ready', updatedAt: 2_000 }) });
    actions().applyEvent({ kind: 'types', types: [sessionType({ name: 'other' })] });
    expect(state().sessions.a?.state).toBe('ready');
    expect(state().types.map((type) => type.name)).toEqual(['other']);
  });

  it('keeps the newer report when an older one arrives late', () => {
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'terminated', updatedAt: 5_000 }) });
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'ready', updatedAt: 4_000 }) });
    expect(state().sessions.a?.state).toBe('terminated');
  });
});

describe('deck store: start and stop', () => {
  it('shows a pending start, then the session, selected for the viewer', async () => {
    const reply = deferred<ReturnType<typeof session>>();
    const startSession = vi.fn(() => reply.promise);
    const started = session({ id: 'new', state: 'ready' });
    const api = fakeApi({ startSession, listSessions: () => Promise.resolve([started]) });
    const starting = actions().startSession(api, 'desk', '1024x768');
    expect(state().pendingStarts.desk).toMatchObject({ type: 'desk', size: '1024x768' });
    // A second click while it starts does nothing.
    await expect(actions().startSession(api, 'desk', '1024x768')).resolves.toBeNull();
    expect(startSession).toHaveBeenCalledTimes(1);
    reply.resolve(started);
    await expect(starting).resolves.toMatchObject({ id: 'new' });
    expect(state().pendingStarts).toEqual({});
    expect(state().sessions.new?.state).toBe('ready');
    expect(state().selectedSessionId).toBe('new');
  });

  it('records a failed start with its code, and clears it on the next attempt', async () => {
    const api = fakeApi({
      startSession: () => Promise.reject(new ApiError('at_capacity', 'All 2 slots of desk are in use')),
    });
    await actions().startSession(api, 'desk', '1024x768');
    expect(state().pendingStarts).toEqual({});
    expect(state().errors).toMatchObject([
      { operation: 'start', subject: 'desk', code: 'at_capacity', message: 'All 2 slots of desk are in use' },
    ]);
    const retry = actions().startSession(fakeApi({ startSession: () => new Promise(() => {}) }), 'desk', '1024x768');
    expect(state().errors).toEqual([]);
    void retry;
  });

  it('refreshes the lists after a start, whatever its outcome', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    await actions().startSession(fakeApi({ listTypes, startSession: () => Promise.reject(new Error('x')) }), 'desk', '1x1');
    await flush();
    expect(listTypes).toHaveBeenCalled();
    expect(state().errors[0]).toMatchObject({ code: 'internal', message: 'x' });
  });

  it('marks a stop in flight and records the stopped session', async () => {
    useDeckStore.setState({ sessions: { a: session({ id: 'a' }) }, selectedSessionId: 'a' });
    const reply = deferred<ReturnType<typeof session>>();
    const stopping = actions().stopSession(fakeApi({ stopSession: () => reply.promise }), 'a');
    expect(state().pendingStops).toEqual({ a: true });
    reply.resolve(session({ id: 'a', state: 'terminated', cause: 'user_stopped', updatedAt: 9_000 }));
    await stopping;
    expect(state().pendingStops).toEqual({});
    expect(state().sessions.a?.state).toBe('terminated');
    expect(state().selectedSessionId).toBeNull();
  });

  it('records a failed stop', async () => {
    await actions().stopSession(fakeApi({ stopSession: () => Promise.reject(new ApiError('not_found', 'No session a')) }), 'a');
    expect(state().errors).toMatchObject([{ operation: 'stop', subject: 'a', code: 'not_found' }]);
    const [error] = state().errors;
    actions().dismissError(error?.id ?? -1);
    expect(state().errors).toEqual([]);
  });
});

describe('deck store: tabs, extend, settings and the sessions file', () => {
  it('a started session opens its viewer tab and stays a launch until the first frame', async () => {
    const started = session({ id: 'new', state: 'ready' });
    await actions().startSession(fakeApi({ startSession: () => Promise.resolve(started) }), 'desk', '1024x768');
    expect(state().openTabs).toEqual(['new']);
    expect(state().launches.desk).toMatchObject({ sessionId: 'new', size: '1024x768' });
    actions().setViewerPhase('new', 'first_frame');
    expect(state().launches.desk).toBeDefined();
    actions().setViewerPhase('new', 'connected');
    expect(state().launches).toEqual({});
    expect(state().viewerPhases).toEqual({ new: 'connected' });
    actions().setViewerPhase('new', null);
    expect(state().viewerPhases).toEqual({});
  });

  it('adopts a desktop shown by itself as a tab, once, without switching to it', () => {
    useDeckStore.setState({ openTabs: ['a'], selectedSessionId: 'a', view: 'history' });
    actions().adoptTab('b');
    actions().adoptTab('b');
    expect(state()).toMatchObject({ openTabs: ['a', 'b'], selectedSessionId: 'a', view: 'history' });
  });

  it('no launch to follow when the viewer connected before the start replied', async () => {
    const reply = deferred<ReturnType<typeof session>>();
    const starting = actions().startSession(fakeApi({ startSession: () => reply.promise }), 'desk', '1024x768');
    // The ready event arrives first, the viewer shows it and connects.
    actions().applyEvent({ kind: 'session', session: session({ id: 'early', state: 'ready' }) });
    actions().setViewerPhase('early', 'connected');
    reply.resolve(session({ id: 'early', state: 'ready' }));
    await starting;
    expect(state().launches).toEqual({});
  });

  it('Disconnect closes the tab, keeps the session and does not open it again by itself', () => {
    useDeckStore.setState({ sessions: { a: session({ id: 'a' }) } });
    actions().openTab('a');
    actions().setThumbnail('a', 'data:image/jpeg;base64,x');
    actions().closeTab('a');
    expect(state()).toMatchObject({ openTabs: [], disconnected: { a: true }, selectedSessionId: null, thumbnails: {} });
    expect(state().sessions.a).toBeDefined();
    actions().openTab('a');
    expect(state()).toMatchObject({ openTabs: ['a'], disconnected: {}, selectedSessionId: 'a', view: 'sessions' });
  });

  it('extends a session once at a time and records its new timer, or the error', async () => {
    const reply = deferred<ReturnType<typeof session>>();
    const extendSession = vi.fn(() => reply.promise);
    const api = fakeApi({ extendSession });
    const extending = actions().extendSession(api, 'a');
    void actions().extendSession(api, 'a');
    expect(extendSession).toHaveBeenCalledTimes(1);
    expect(state().pendingExtends).toEqual({ a: true });
    reply.resolve(session({ id: 'a', nextTimer: { kind: 'inactivity', at: 99_000 }, updatedAt: 5_000 }));
    await extending;
    expect(state().pendingExtends).toEqual({});
    expect(state().sessions.a?.nextTimer).toEqual({ kind: 'inactivity', at: 99_000 });
    await actions().extendSession(fakeApi({ extendSession: () => Promise.reject(new ApiError('not_found', 'gone')) }), 'a');
    expect(state().errors).toMatchObject([{ operation: 'extend', subject: 'a', code: 'not_found' }]);
  });

  it('keeps error details (which limit, log tail)', async () => {
    await actions().startSession(
      fakeApi({ startSession: () => Promise.reject(new ApiError('at_capacity', 'limit', { limit: 'user' })) }),
      'desk',
      '1x1',
    );
    expect(state().errors[0]?.details).toEqual({ limit: 'user' });
  });

  it('applies config and settings events, and loads both', async () => {
    actions().applyEvent({ kind: 'config', config: { file: 's.json', loadedAt: 1, error: 'broken' } });
    expect(state().config?.error).toBe('broken');
    actions().applyEvent({ kind: 'settings', settings: { ...DEFAULT_SETTINGS, userLimit: 3 } });
    expect(state().settings?.userLimit).toBe(3);
    await actions().refresh(fakeApi());
    await flush();
    expect(state().config).toEqual({ file: 'sessions.json', loadedAt: 1_000 });
    await actions().loadSettings(fakeApi());
    expect(state().settings).toEqual(DEFAULT_SETTINGS);
  });

  it('a host without a configuration status yet does not fail the load', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    await actions().refresh(fakeApi({ getConfigStatus: () => Promise.reject(new ApiError('internal', 'not yet')) }));
    await flush();
    expect(state().status).toBe('loaded');
    expect(state().errors).toEqual([]);
    warn.mockRestore();
  });

  it('says why a running session ended elsewhere, not when this window stopped it', async () => {
    useDeckStore.setState({ sessions: { a: session({ id: 'a', state: 'connected' }), b: session({ id: 'b', state: 'connected' }) } });
    const stopped = (id: string) => session({ id, state: 'terminated', cause: 'user_stopped', updatedAt: 3_000 });
    await actions().stopSession(fakeApi({ stopSession: (id) => Promise.resolve(stopped(id)) }), 'a');
    actions().applyEvent({ kind: 'session', session: stopped('b') });
    expect(Object.keys(state().endedNotices)).toEqual(['b']);
  });

  it('says why a running session ended by itself, not when the user stopped it or a start failed', () => {
    useDeckStore.setState({
      sessions: { a: session({ id: 'a', state: 'connected' }), b: session({ id: 'b', state: 'ready' }), c: session({ id: 'c', state: 'starting' }) },
      openTabs: ['a'],
    });
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'terminated', cause: 'inactivity_timeout', updatedAt: 2_000 }) });
    actions().applyEvent({ kind: 'session', session: session({ id: 'c', state: 'failed', cause: 'start_failed', updatedAt: 2_000 }) });
    expect(Object.keys(state().endedNotices)).toEqual(['a']);
    actions().dismissNotice('a');
    expect(state().endedNotices).toEqual({});
    expect(state().openTabs).toEqual([]);
  });
});

