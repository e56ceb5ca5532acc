// Operations: the user's commands (start, stop, extend), at most one in flight per type or session,
// each recording its outcome in the other slices. A stop from the UI waits STOP_UNDO_MS first, so
// one click cannot end a desktop before its user can take it back.
import type { OperationsActions, OperationsState, SliceContext } from './deckTypes';
import { without } from './records';

export const initialOperationsState = (): OperationsState => ({
  pendingStarts: {},
  pendingStops: {},
  pendingExtends: {},
  stoppedHere: {},
  stopsScheduled: {},
});

/** How long a stop asked for in the UI can be undone before it is sent. */
export const STOP_UNDO_MS = 5_000;

export function operationsActions({ set, get, api }: SliceContext): OperationsActions {
  const actions = () => get().actions;
  const stopTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const unschedule = (id: string) => {
    const timer = stopTimers.get(id);
    if (timer !== undefined) clearTimeout(timer);
    stopTimers.delete(id);
    set((state) => ({ stopsScheduled: without(state.stopsScheduled, id) }));
  };
  return {
    async startSession(type, size, label) {
      if (get().pendingStarts[type]) return null;
      const since = Date.now();
      set((state) => ({ pendingStarts: { ...state.pendingStarts, [type]: { type, size, since } } }));
      // A new attempt replaces the report of the previous one for this type.
      actions().clearErrors('start', type);
      try {
        const session = await api.startSession({ type, size, ...(label?.trim() ? { label: label.trim() } : {}) });
        actions().upsertSessions([session]);
        actions().beginLaunch(type, { sessionId: session.id, size, since });
        actions().openTab(session.id);
        return session;
      } catch (error) {
        actions().reportError('start', error, type);
        return null;
      } finally {
        set((state) => ({ pendingStarts: without(state.pendingStarts, type) }));
        // Slots changed either way; do not depend on an event having arrived.
        actions().requestRefresh();
      }
    },

    scheduleStop(id) {
      if (get().pendingStops[id] || get().stopsScheduled[id] !== undefined) return;
      set((state) => ({ stopsScheduled: { ...state.stopsScheduled, [id]: Date.now() + STOP_UNDO_MS } }));
      stopTimers.set(
        id,
        setTimeout(() => {
          unschedule(id);
          void actions().stopSession(id);
        }, STOP_UNDO_MS),
      );
    },

    undoStop: unschedule,

    async stopSession(id) {
      if (get().stopsScheduled[id] !== undefined) unschedule(id);
      if (get().pendingStops[id]) return;
      set((state) => ({ pendingStops: { ...state.pendingStops, [id]: true }, stoppedHere: { ...state.stoppedHere, [id]: true } }));
      try {
        actions().upsertSessions([await api.stopSession(id)]);
      } catch (error) {
        actions().reportError('stop', error, id);
      } finally {
        set((state) => ({
          pendingStops: without(state.pendingStops, id),
          selectedSessionId: state.selectedSessionId === id ? null : state.selectedSessionId,
          openTabs: state.openTabs.filter((tab) => tab !== id),
          thumbnails: without(state.thumbnails, id),
        }));
        actions().requestRefresh();
      }
    },

    async renameSession(id, label) {
      actions().clearErrors('rename', id);
      try {
        actions().upsertSessions([await api.renameSession(id, label)]);
        return true;
      } catch (error) {
        actions().reportError('rename', error, id);
        return false;
      }
    },

    async extendSession(id) {
      if (get().pendingExtends[id]) return;
      set((state) => ({ pendingExtends: { ...state.pendingExtends, [id]: true } }));
      actions().clearErrors('extend', id);
      try {
        const session = await api.extendSession(id);
        actions().upsertSessions([session]);
        // Extend says what it did: the timer and the deadline it moved to.
        set((state) => ({
          extended: {
            ...state.extended,
            [id]: { at: Date.now(), ...(session.nextTimer ? { timer: session.nextTimer } : {}), ...(session.deadline === undefined ? {} : { deadline: session.deadline }) },
          },
        }));
      } catch (error) {
        actions().reportError('extend', error, id);
      } finally {
        set((state) => ({ pendingExtends: without(state.pendingExtends, id) }));
      }
    },
  };
}
