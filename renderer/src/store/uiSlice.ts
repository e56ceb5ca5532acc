// Navigation: the view shown, the sizes picked, the desktop tabs and which one is shown.
import type { SliceContext, UiActions, UiState } from './deckTypes';
import { without } from './records';

export const initialUiState = (): UiState => ({
  view: 'sessions',
  selectedSizes: {},
  selectedSessionId: null,
  openTabs: [],
  disconnected: {},
});

export function uiActions({ set }: SliceContext): UiActions {
  return {
    selectSize: (type, size) => set((state) => ({ selectedSizes: { ...state.selectedSizes, [type]: size } })),
    selectSession: (id) => set({ selectedSessionId: id }),
    setView: (view) => set({ view }),
    openTab: (id) =>
      set((state) => ({
        openTabs: state.openTabs.includes(id) ? state.openTabs : [...state.openTabs, id],
        disconnected: without(state.disconnected, id),
        selectedSessionId: id,
        view: 'sessions',
      })),
    adoptTab: (id) => set((state) => (state.openTabs.includes(id) ? state : { openTabs: [...state.openTabs, id] })),
    closeTab: (id) =>
      set((state) => ({
        openTabs: state.openTabs.filter((tab) => tab !== id),
        disconnected: { ...state.disconnected, [id]: true },
        selectedSessionId: state.selectedSessionId === id ? null : state.selectedSessionId,
        // Its viewer is gone with the tab, and so is the reason for its snapshot.
        thumbnails: without(state.thumbnails, id),
      })),
  };
}
