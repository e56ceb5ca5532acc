// The store's part in never losing work: Stop waits out its Undo, the engine's warnings are kept
// until their timer moves, Extend keeps what it did, an unreachable host is said, tabs opened by
// the user (not restored ones) take the keyboard.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import { testDeckStore } from '../testing/deckStore';
import { flush, session } from '../testing/fakes';
import { STOP_UNDO_MS } from './operationsSlice';

describe('Stop with Undo', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('stops only after the Undo period, once', async () => {
    const stopSession = vi.fn(() => Promise.resolve(session({ id: 'a', state: 'terminated', cause: 'user_stopped', revision: 5 })));
    const { actions, state } = testDeckStore({ stopSession }, { sessions: { a: session({ id: 'a' }) } });
    actions().scheduleStop('a');
    actions().scheduleStop('a');
    expect(state().stopsScheduled.a).toBeDefined();
    await vi.advanceTimersByTimeAsync(STOP_UNDO_MS - 1);
    expect(stopSession).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(stopSession).toHaveBeenCalledTimes(1);
    expect(state().stopsScheduled).toEqual({});
  });

  it('Undo keeps the session; Stop now does not wait', async () => {
    const stopSession = vi.fn(() => Promise.resolve(session({ id: 'a', state: 'terminated', revision: 5 })));
    const { actions, state } = testDeckStore({ stopSession }, { sessions: { a: session({ id: 'a' }) } });
    actions().scheduleStop('a');
    actions().undoStop('a');
    await vi.advanceTimersByTimeAsync(STOP_UNDO_MS * 2);
    expect(stopSession).not.toHaveBeenCalled();
    expect(state().stopsScheduled).toEqual({});
    actions().scheduleStop('a');
    await actions().stopSession('a');
    expect(stopSession).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(STOP_UNDO_MS * 2);
    expect(stopSession).toHaveBeenCalledTimes(1);
  });
});

describe('warnings and Extend', () => {
  it('keeps the engine’s warning until its timer moves or the session ends', () => {
    const timer = { kind: 'inactivity' as const, at: 5_000 };
    const { actions, state } = testDeckStore({}, { sessions: { a: session({ id: 'a', nextTimer: timer, revision: 1 }) } });
    actions().applyEvent({ kind: 'warning', sessionId: 'a', timer });
    expect(state().warnings).toEqual({ a: timer });
    actions().upsertSessions([session({ id: 'a', nextTimer: timer, revision: 2, viewers: 1 })]);
    expect(state().warnings).toEqual({ a: timer });
    actions().upsertSessions([session({ id: 'a', nextTimer: { ...timer, at: 9_000 }, revision: 3 })]);
    expect(state().warnings).toEqual({});
    actions().applyEvent({ kind: 'warning', sessionId: 'a', timer: { ...timer, at: 9_000 } });
    actions().upsertSessions([session({ id: 'a', state: 'terminated', revision: 4 })]);
    expect(state().warnings).toEqual({});
  });

  it('Extend keeps the new timer and deadline to say what it did', async () => {
    const extended = session({ id: 'a', nextTimer: { kind: 'inactivity', at: 900_000 }, deadline: 9_000_000, revision: 3 });
    const { actions, state } = testDeckStore({ extendSession: () => Promise.resolve(extended) }, { sessions: { a: session({ id: 'a' }) } });
    await actions().extendSession('a');
    expect(state().extended.a).toMatchObject({ timer: { kind: 'inactivity', at: 900_000 }, deadline: 9_000_000 });
    actions().dismissExtended('a');
    expect(state().extended).toEqual({});
  });
});

describe('the host down', () => {
  it('a load that cannot reach the host says so, blocks starts, and the next good load clears it', async () => {
    const { actions, state, api } = testDeckStore({ listSessions: () => Promise.reject(new ApiError('unreachable', 'Cannot reach the Session Deck host')) });
    await actions().refresh();
    expect(state().hostDown).toBe(true);
    api.listSessions = () => Promise.resolve([]);
    await actions().refresh();
    await flush();
    expect(state().hostDown).toBe(false);
  });

  it('another load error is not the host being down', async () => {
    const { actions, state } = testDeckStore({ listSessions: () => Promise.reject(new ApiError('unauthenticated', 'log in')) });
    await actions().refresh();
    expect(state().hostDown).toBe(false);
  });
});

describe('keyboard and tabs', () => {
  it('a tab the user opens takes the keyboard once; closing it says what happens next', () => {
    const { actions, state } = testDeckStore({}, { sessions: { a: session({ id: 'a' }) } });
    actions().openTab('a');
    expect(actions().consumeFocusRequest('b')).toBe(false);
    expect(actions().consumeFocusRequest('a')).toBe(true);
    expect(actions().consumeFocusRequest('a')).toBe(false);
    actions().closeTab('a');
    expect(Object.keys(state().disconnectNotices)).toEqual(['a']);
    actions().openTab('a');
    expect(state().disconnectNotices).toEqual({});
  });
});
