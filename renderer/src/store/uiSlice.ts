// Navigation: the view shown, the sizes picked, the desktop tabs and which one is shown, the
// scaling mode and the sidebar (these are remembered across reloads: uiMemory.ts).
import { isFinalState } from '../../../electron/shared/session';
import type { SliceContext, UiActions, UiState } from './deckTypes';
import { without } from './records';

export const initialUiState = (): UiState => ({
  view: 'sessions',
  selectedSizes: {},
  selectedSessionId: null,
  openTabs: [],
  disconnected: {},
  scaleMode: 'fit',
  sidebar: 'auto',
  focusRequest: null,
  disconnectNotices: {},
});

const keepKnown = <T>(record: Record<string, T>, known: (id: string) => boolean): Record<string, T> =>
  Object.fromEntries(Object.entries(record).filter(([id]) => known(id)));

export function uiActions({ set, get }: SliceContext): UiActions {
  return {
    selectSize: (type, size) => set((state) => ({ selectedSizes: { ...state.selectedSizes, [type]: size } })),
    selectSession: (id) => set({ selectedSessionId: id }),
    setView: (view) => set({ view }),
    openTab: (id) =>
      set((state) => ({
        openTabs: state.openTabs.includes(id) ? state.openTabs : [...state.openTabs, id],
        disconnected: without(state.disconnected, id),
        disconnectNotices: without(state.disconnectNotices, id),
        selectedSessionId: id,
        view: 'sessions',
        // Opened by the user: its desktop takes the keyboard once it connects.
        focusRequest: id,
      })),
    adoptTab: (id) => set((state) => (state.openTabs.includes(id) ? state : { openTabs: [...state.openTabs, id] })),
    closeTab: (id) =>
      set((state) => ({
        openTabs: state.openTabs.filter((tab) => tab !== id),
        disconnected: { ...state.disconnected, [id]: true },
        disconnectNotices: { ...state.disconnectNotices, [id]: Date.now() },
        selectedSessionId: state.selectedSessionId === id ? null : state.selectedSessionId,
        focusRequest: state.focusRequest === id ? null : state.focusRequest,
        // Its viewer is gone with the tab, and so is the reason for its snapshot.
        thumbnails: without(state.thumbnails, id),
      })),
    setScaleMode: (scaleMode) => set({ scaleMode }),
    toggleSidebar: (shownNow) => set({ sidebar: shownNow ? 'closed' : 'open' }),
    consumeFocusRequest(id) {
      if (get().focusRequest !== id) return false;
      set({ focusRequest: null });
      return true;
    },
    dismissDisconnectNotice: (id) => set((state) => ({ disconnectNotices: without(state.disconnectNotices, id) })),
    pruneTabs: () =>
      set((state) => {
        const known = (id: string) => {
          const session = state.sessions[id];
          return session !== undefined && !isFinalState(session.state);
        };
        return {
          openTabs: state.openTabs.filter(known),
          disconnected: keepKnown(state.disconnected, known),
          disconnectNotices: keepKnown(state.disconnectNotices, known),
          selectedSessionId: state.selectedSessionId && known(state.selectedSessionId) ? state.selectedSessionId : null,
        };
      }),
  };
}
