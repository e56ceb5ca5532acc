import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import type { SessionInfo } from '../../../electron/shared/session';
import { DEFAULT_SETTINGS } from '../../../electron/shared/settings';
import { testDeckStore } from '../testing/deckStore';
import { REFRESH_HOLD_MAX_MS } from './serverSlice';
import { deferred, flush, session, sessionType } from '../testing/fakes';

describe('server slice: loading', () => {
  it('refresh loads types and sessions', async () => {
    const { actions, state } = testDeckStore({
      listTypes: () => Promise.resolve([sessionType()]),
      listSessions: () => Promise.resolve([session({ id: 'a' })]),
    });
    const loading = actions().refresh();
    expect(state().status).toBe('loading');
    await loading;
    expect(state().status).toBe('loaded');
    expect(state().types).toEqual([sessionType()]);
    expect(Object.keys(state().sessions)).toEqual(['a']);
  });

  it('refresh records a load error, and a later success clears it', async () => {
    const { api, actions, state } = testDeckStore({
      listTypes: () => Promise.reject(new ApiError('unauthenticated', 'Open the printed URL')),
    });
    await actions().refresh();
    expect(state().status).toBe('error');
    expect(state().errors).toMatchObject([{ operation: 'load', code: 'unauthenticated', message: 'Open the printed URL' }]);
    await actions().refresh();
    expect(state().errors).toHaveLength(1); // not piled up
    api.listTypes = () => Promise.resolve([]);
    await actions().refresh();
    expect(state().status).toBe('loaded');
    expect(state().errors).toEqual([]);
  });

  it('a list reply drops sessions that are gone but keeps failed ones for their report', async () => {
    const { actions, state } = testDeckStore(
      { listSessions: () => Promise.resolve([session({ id: 'new' })]) },
      {
        sessions: {
          gone: session({ id: 'gone' }),
          ended: session({ id: 'ended', state: 'terminated' }),
          bad: session({ id: 'bad', state: 'failed', message: 'no Xvnc' }),
        },
      },
    );
    await actions().refresh();
    expect(Object.keys(state().sessions).sort()).toEqual(['bad', 'new']);
  });

  it('a list reply does not drop a session reported while it was in flight', async () => {
    const list = deferred<SessionInfo[]>();
    const { actions, state } = testDeckStore({ listSessions: () => list.promise });
    const refreshing = actions().refresh();
    actions().applyEvent({ kind: 'session', session: session({ id: 'fresh' }) });
    list.resolve([]);
    await refreshing;
    expect(Object.keys(state().sessions)).toEqual(['fresh']);
  });

  it('a list reply requested before an extend and answered after its event keeps the new deadline', async () => {
    // Extend moves the deadline and the revision; updatedAt stays where it was.
    const before = session({ id: 'a', state: 'connected', revision: 3, deadline: 5_000, updatedAt: 1_000 });
    const extended = { ...before, revision: 4, deadline: 9_000, nextTimer: { kind: 'inactivity' as const, at: 8_000 } };
    const list = deferred<SessionInfo[]>();
    const { actions, state } = testDeckStore({ listSessions: () => list.promise }, { sessions: { a: before } });
    const refreshing = actions().refresh();
    actions().applyEvent({ kind: 'session', session: extended });
    list.resolve([before]);
    await refreshing;
    expect(state().sessions.a).toMatchObject({ revision: 4, deadline: 9_000 });
  });

  it('a host without a configuration status yet does not fail the load', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { actions, state } = testDeckStore({ getConfigStatus: () => Promise.reject(new ApiError('internal', 'not yet')) });
    await actions().refresh();
    await flush();
    expect(state().status).toBe('loaded');
    expect(state().errors).toEqual([]);
    warn.mockRestore();
  });
});

describe('server slice: events', () => {
  it('applies session and types events', () => {
    const { actions, state } = testDeckStore();
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'starting', revision: 1 }) });
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'ready', revision: 2 }) });
    actions().applyEvent({ kind: 'types', types: [sessionType({ name: 'other' })] });
    expect(state().sessions.a?.state).toBe('ready');
    expect(state().types.map((type) => type.name)).toEqual(['other']);
  });

  it('keeps the newer report when an older one arrives late, by revision alone', () => {
    const { actions, state } = testDeckStore();
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'connected', viewers: 1, revision: 6, updatedAt: 2_000 }) });
    // A viewer-count change bumps the revision, not updatedAt; the late one has a later updatedAt.
    actions().applyEvent({ kind: 'session', session: session({ id: 'a', state: 'idle', viewers: 0, revision: 5, updatedAt: 3_000 }) });
    expect(state().sessions.a).toMatchObject({ state: 'connected', viewers: 1 });
  });

  it('applies config and settings events, and loads both', async () => {
    const { actions, state } = testDeckStore();
    actions().applyEvent({ kind: 'config', config: { file: 's.json', loadedAt: 1, error: 'broken' } });
    expect(state().config?.error).toBe('broken');
    actions().applyEvent({ kind: 'settings', settings: { ...DEFAULT_SETTINGS, userLimit: 3 } });
    expect(state().settings?.userLimit).toBe(3);
    await actions().refresh();
    await flush();
    expect(state().config).toEqual({ file: 'sessions.json', loadedAt: 1_000 });
    await actions().loadSettings();
    expect(state().settings).toEqual(DEFAULT_SETTINGS);
    actions().setSettings({ ...DEFAULT_SETTINGS, userLimit: 5 });
    expect(state().settings?.userLimit).toBe(5);
  });
});

describe('server slice: refreshes asked for', () => {
  it('wait while a viewer of this window signs in, and run once it shows the desktop', async () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const { actions } = testDeckStore({ listTypes, listSessions: () => Promise.resolve([]) });
    actions().setViewerPhase('a', 'connecting');
    actions().requestRefresh();
    actions().requestRefresh();
    await flush();
    expect(listTypes).not.toHaveBeenCalled();
    actions().setViewerPhase('a', 'first_frame');
    await flush();
    expect(listTypes).not.toHaveBeenCalled();
    actions().setViewerPhase('a', 'connected');
    await flush();
    expect(listTypes).toHaveBeenCalledTimes(1);
  });

  it('do not wait longer than REFRESH_HOLD_MAX_MS for a viewer that cannot sign in', async () => {
    vi.useFakeTimers();
    try {
      const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
      const { actions } = testDeckStore({ listTypes, listSessions: () => Promise.resolve([]) });
      actions().setViewerPhase('a', 'ticket');
      actions().requestRefresh();
      await vi.advanceTimersByTimeAsync(REFRESH_HOLD_MAX_MS - 1);
      expect(listTypes).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect(listTypes).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('run at once when no viewer signs in (a viewer waiting to retry does not hold them)', () => {
    const listTypes = vi.fn(() => Promise.resolve([sessionType()]));
    const { actions } = testDeckStore({ listTypes, listSessions: () => Promise.resolve([]) });
    actions().setViewerPhase('a', 'retry_wait');
    actions().requestRefresh();
    expect(listTypes).toHaveBeenCalledTimes(1);
  });
});
