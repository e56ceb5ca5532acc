// Server state: what the engine last told us about types, sessions, settings and the sessions file,
// from events, list replies and command replies, merged by each session's revision.
import { ApiError } from '../../../electron/shared/errors';
import { isFinalState, type SessionInfo, type SessionTimer } from '../../../electron/shared/session';
import type { DeckState, ServerActions, ServerState, SliceContext, ViewerPhase } from './deckTypes';
import { createRefreshScheduler } from './refreshScheduler';
import { isEndedElsewhere } from './noticesSlice';
import { mergeList, mergeReports, withTraffic } from './sessionMerge';

export const initialServerState = (): ServerState => ({
  status: 'idle',
  hostDown: false,
  config: null,
  settings: null,
  types: [],
  sessions: {},
  syncTick: 0,
  reportedAt: {},
});

/** A warning stands while its timer does: Extend moves the timer, an end removes it. */
const warningStands = (warning: SessionTimer, session: SessionInfo | undefined): boolean =>
  session !== undefined && !isFinalState(session.state) && session.nextTimer?.kind === warning.kind && session.nextTimer.at === warning.at;

const isUnreachable = (error: unknown): boolean => error instanceof ApiError && error.code === 'unreachable';

/**
 * Refreshes wait while a viewer of this window signs in (at most this long): the three requests and
 * the renders their replies cause would take the page's one thread from the handshake and the
 * first frame, which is what the user is waiting to see; the event that caused them is applied already.
 */
export const REFRESH_HOLD_MAX_MS = 1_500;
const SIGNING_IN: ReadonlySet<ViewerPhase> = new Set(['ticket', 'connecting', 'first_frame']);
const viewerSigningIn = (state: DeckState): boolean => Object.values(state.viewerPhases).some((phase) => SIGNING_IN.has(phase));

/** Undefined when no viewer signs in; else resolves once none does, or after REFRESH_HOLD_MAX_MS. */
function untilViewersSignedIn({ get, subscribe }: Pick<SliceContext, 'get' | 'subscribe'>): Promise<void> | undefined {
  if (!viewerSigningIn(get())) return undefined;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, REFRESH_HOLD_MAX_MS);
    const unsubscribe = subscribe((state) => {
      if (!viewerSigningIn(state)) done();
    });
  });
}

export function serverActions({ set, get, subscribe, api }: SliceContext): ServerActions {
  const refreshes = createRefreshScheduler(
    () => get().actions.refresh(),
    () => untilViewersSignedIn({ get, subscribe }),
  );
  const upsertSessions = (incoming: SessionInfo[]) =>
    set((state) => {
      const sessions = mergeReports(state.sessions, incoming);
      let syncTick = state.syncTick;
      const reportedAt = { ...state.reportedAt };
      let endedNotices = state.endedNotices;
      for (const { id } of incoming) {
        reportedAt[id] = ++syncTick;
        const previous = state.sessions[id];
        const next = sessions[id];
        // A running session that ended by itself: say why where its desktop was.
        if (previous && next && isEndedElsewhere(previous, next, state.stoppedHere[id] === true)) {
          endedNotices = { ...endedNotices, [id]: next };
        }
      }
      const warnings = Object.fromEntries(Object.entries(state.warnings).filter(([id, warning]) => warningStands(warning, sessions[id])));
      return { sessions, syncTick, reportedAt, endedNotices, warnings };
    });

  return {
    upsertSessions,
    setSettings: (settings) => set({ settings }),

    applyEvent(event) {
      switch (event.kind) {
        case 'types':
          set({ types: event.types });
          return;
        case 'session':
          upsertSessions([event.session]);
          return;
        case 'traffic':
          // Only the byte counts: a session not known (yet) gets them with its next report.
          set((state) => {
            const known = state.sessions[event.sessionId];
            const next = known && withTraffic(known, event);
            return next && next !== known ? { sessions: { ...state.sessions, [event.sessionId]: next } } : state;
          });
          return;
        case 'config':
          set({ config: event.config });
          return;
        case 'settings':
          set({ settings: event.settings });
          return;
        case 'warning':
          set((state) => ({ warnings: { ...state.warnings, [event.sessionId]: event.timer } }));
          return;
        case 'kiosk':
        case 'shares':
          // The kiosk's screen and each session's share list follow these themselves.
          return;
        default: {
          const unexpected: never = event;
          return unexpected;
        }
      }
    },

    requestRefresh: () => refreshes.request(),

    async refresh() {
      const requestedAt = get().syncTick + 1;
      set((state) => ({ syncTick: requestedAt, status: state.status === 'idle' ? 'loading' : state.status }));
      try {
        const [types, listed] = await Promise.all([api.listTypes(), api.listSessions()]);
        set((state) => ({ types, status: 'loaded', hostDown: false, sessions: mergeList(state.sessions, state.reportedAt, listed, requestedAt) }));
        // Tabs restored from an earlier page (or kept across a host restart) whose session is gone.
        get().actions.pruneTabs();
        // The sessions file's state is secondary: a host without it yet must not fail the load.
        api.getConfigStatus().then(
          (config) => set({ config }),
          (error: unknown) => console.warn('Session Deck: no configuration status', error),
        );
        // A load error from earlier is stale once a load succeeds.
        get().actions.clearErrors('load');
      } catch (error) {
        set((state) => ({ status: state.status === 'loaded' ? 'loaded' : 'error', hostDown: isUnreachable(error) }));
        get().actions.clearErrors('load');
        get().actions.reportError('load', error);
      }
    },

    async loadSettings() {
      try {
        set({ settings: await api.getSettings() });
      } catch (error) {
        console.warn('Session Deck: settings not loaded', error);
      }
    },
  };
}
