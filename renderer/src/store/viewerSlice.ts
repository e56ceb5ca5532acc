// Viewer runtime: what each mounted viewer reports (its phase, a thumbnail), and the starts that
// wait for their viewer's first frame; the engine's timer warnings and what Extend did.
import type { SliceContext, ViewerActions, ViewerState } from './deckTypes';
import { without } from './records';
import { createViewerTickets } from './viewerTickets';

export const initialViewerState = (): ViewerState => ({
  thumbnails: {},
  viewerPhases: {},
  launches: {},
  warnings: {},
  extended: {},
});

export function viewerActions({ set, api }: SliceContext): ViewerActions {
  const tickets = createViewerTickets(api);
  return {
    prefetchViewerTicket: (id) => tickets.prefetch(id),
    takeViewerTicket: (id) => tickets.take(id),
    setThumbnail: (id, dataUrl) =>
      set((state) => ({ thumbnails: dataUrl ? { ...state.thumbnails, [id]: dataUrl } : without(state.thumbnails, id) })),
    setViewerPhase: (id, phase) =>
      set((state) => {
        const viewerPhases = phase ? { ...state.viewerPhases, [id]: phase } : without(state.viewerPhases, id);
        // A launch is over once its viewer shows the desktop, gives up, or goes away.
        const launches = Object.fromEntries(
          Object.entries(state.launches).filter(
            ([, launch]) => launch.sessionId !== id || (phase !== null && phase !== 'connected' && phase !== 'disconnected'),
          ),
        );
        return { viewerPhases, launches };
      }),
    dismissExtended: (id) => set((state) => ({ extended: without(state.extended, id) })),
    beginLaunch: (type, launch) =>
      set((state) => {
        // Its viewer may have opened already (events can beat the reply): no launch left to follow then.
        const phase = state.viewerPhases[launch.sessionId];
        if (phase === 'connected' || phase === 'disconnected') return state;
        return { launches: { ...state.launches, [type]: launch } };
      }),
  };
}
