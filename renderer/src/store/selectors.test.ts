import { DEFAULT_SETTINGS } from '../../../electron/shared/settings';
import { describe, expect, it } from 'vitest';
import { session, sessionType } from '../testing/fakes';
import { getInitialState } from './deckStore';
import type { DeckState } from './deckTypes';
import {
  selectActiveSessions,
  selectFailedSessions,
  selectSelectedSize,
  selectStartBlocker,
  selectStartingSessionOfType,
  selectViewerSession,
  selectViewerTabs,
  selectVisibleErrors,
} from './selectors';

const withState = (overrides: Partial<DeckState>): DeckState => ({ ...getInitialState(), ...overrides });
const byId = (...sessions: ReturnType<typeof session>[]) => Object.fromEntries(sessions.map((s) => [s.id, s]));

describe('selectors', () => {
  it('lists live sessions newest first and failed ones apart', () => {
    const state = withState({
      sessions: byId(
        session({ id: 'old', createdAt: 1 }),
        session({ id: 'new', createdAt: 3 }),
        session({ id: 'done', state: 'terminated', createdAt: 4 }),
        session({ id: 'bad', state: 'failed', createdAt: 5 }),
        session({ id: 'seen', state: 'failed', createdAt: 6 }),
      ),
      dismissedFailures: { seen: true },
    });
    expect(selectActiveSessions(state).map((s) => s.id)).toEqual(['new', 'old']);
    expect(selectFailedSessions(state).map((s) => s.id)).toEqual(['bad']);
  });

  it('picks the chosen size while the type still offers it, else the first', () => {
    const type = sessionType();
    expect(selectSelectedSize(type)(withState({}))).toBe('1280x800');
    expect(selectSelectedSize(type)(withState({ selectedSizes: { desk: '1024x768' } }))).toBe('1024x768');
    expect(selectSelectedSize(type)(withState({ selectedSizes: { desk: '800x600' } }))).toBe('1280x800');
    expect(selectSelectedSize(sessionType({ sizes: [] }))(withState({}))).toBeUndefined();
  });

  it('says why a type cannot start', () => {
    const full = sessionType({
      slots: [
        { index: 0, state: 'ready', sessionId: 'a' },
        { index: 1, state: 'starting', sessionId: 'b' },
      ],
    });
    expect(selectStartBlocker(sessionType())(withState({}))).toBeNull();
    expect(selectStartBlocker(full)(withState({}))).toBe('At capacity: all 2 slots of this type are in use.');
    expect(selectStartBlocker(sessionType({ allowed: false, notAllowedReason: 'only for group vis' }))(withState({}))).toBe(
      'Not allowed for you: only for group vis',
    );
    expect(selectStartBlocker(sessionType({ notInstalled: 'Xvnc is not installed on this machine: install the package tigervnc-standalone-server' }))(withState({}))).toBe(
      'Cannot start here: Xvnc is not installed on this machine: install the package tigervnc-standalone-server.',
    );
    const blocked = sessionType({ slots: [{ index: 0, state: 'unavailable', reason: 'display :171 is in use' }, { index: 1, state: 'ready', sessionId: 'a' }] });
    expect(selectStartBlocker(blocked)(withState({}))).toBe('No free slot: the others are held by another program (not Session Deck); see why below.');
    const allHeld = sessionType({ slots: [{ index: 0, state: 'unavailable', reason: 'display :171 is in use' }] });
    expect(selectStartBlocker(allHeld)(withState({}))).toMatch(/^No free slot: another program \(not Session Deck\) holds every slot/);
    const oneFree = sessionType({ slots: [{ index: 0, state: 'unavailable', reason: 'display :171 is in use' }, { index: 1, state: 'free' }] });
    expect(selectStartBlocker(oneFree)(withState({}))).toBeNull();
    expect(selectStartBlocker(sessionType({ removed: true }))(withState({}))).toMatch(/^Removed from the sessions file/);
    const twoRunning = byId(session({ id: 'a' }), session({ id: 'b', state: 'connected' }), session({ id: 'c', state: 'terminated' }));
    expect(
      selectStartBlocker(sessionType())(withState({ sessions: twoRunning, settings: { ...DEFAULT_SETTINGS, userLimit: 2 } })),
    ).toBe('At your limit: 2 of 2 sessions running (Settings, User limit).');
    expect(selectStartBlocker(sessionType({ sizes: [] }))(withState({}))).toMatch(/size/);
    expect(
      selectStartBlocker(sessionType())(withState({ pendingStarts: { desk: { type: 'desk', size: '1x1', since: 0 } } })),
    ).toMatch(/starting/);
  });

  it('shows the selected session while it is viewable, else the newest viewable one', () => {
    const sessions = byId(
      session({ id: 'a', createdAt: 1, state: 'connected' }),
      session({ id: 'b', createdAt: 2, state: 'ready' }),
      session({ id: 'c', createdAt: 3, state: 'starting' }),
    );
    expect(selectViewerSession(withState({ sessions }))?.id).toBe('b');
    expect(selectViewerSession(withState({ sessions, selectedSessionId: 'a' }))?.id).toBe('a');
    expect(selectViewerSession(withState({ sessions, selectedSessionId: 'c' }))?.id).toBe('b');
    expect(selectViewerSession(withState({}))).toBeUndefined();
  });

  it('keeps a viewer for every open tab and the shown session, never for a disconnected one', () => {
    const sessions = byId(
      session({ id: 'a', createdAt: 1, state: 'connected' }),
      session({ id: 'b', createdAt: 2, state: 'ready' }),
      session({ id: 'gone', createdAt: 3, state: 'terminated' }),
    );
    expect(selectViewerTabs(withState({ sessions }))).toEqual(['b']);
    expect(selectViewerTabs(withState({ sessions, openTabs: ['a', 'gone'] }))).toEqual(['a']);
    expect(selectViewerTabs(withState({ sessions, openTabs: ['a'], selectedSessionId: 'b' }))).toEqual(['a', 'b']);
    // Disconnected from both: nothing is opened again by itself.
    expect(selectViewerTabs(withState({ sessions, disconnected: { a: true, b: true } }))).toEqual([]);
  });

  it('finds the session of a type that is still starting', () => {
    const state = withState({ sessions: byId(session({ id: 'x', state: 'starting', index: 1 })) });
    expect(selectStartingSessionOfType('desk')(state)?.index).toBe(1);
    expect(selectStartingSessionOfType('other')(state)).toBeUndefined();
  });
});

describe('selectVisibleErrors', () => {
  it('hides the start error that a shown failed session already reports', () => {
    const failed = session({ id: 'f', state: 'failed', message: 'Xvnc exited', logTail: '(EE) boom' });
    const same = { id: 1, operation: 'start' as const, code: 'start_failed' as const, message: 'Xvnc exited', subject: 'desk' };
    const prefixed = { id: 3, operation: 'start' as const, code: 'start_failed' as const, message: 'desk: Xvnc exited', subject: 'desk' };
    const other = { id: 2, operation: 'start' as const, code: 'at_capacity' as const, message: 'full', subject: 'desk' };
    const state = withState({ sessions: byId(failed), errors: [same, other, prefixed] });
    expect(selectVisibleErrors(state).map((error) => error.id)).toEqual([2]);
    expect(selectVisibleErrors({ ...state, dismissedFailures: { f: true } }).map((error) => error.id)).toEqual([1, 2, 3]);
  });
});
