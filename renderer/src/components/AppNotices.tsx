// What floats over the top of the window, on every view: the host not answering, stops waiting
// out their Undo, and what an Extend did for a desktop not shown. Overlaid, so nothing moves.
import { useEffect, useMemo } from 'react';
import { sessionName } from '../lib/format';
import { afterExtend } from '../lib/sessionFuture';
import { useNow } from '../lib/useNow';
import { selectViewerSession } from '../store/selectors';
import { useDeckStore } from '../store/useDeckStore';

/** How long the note about an Extend stays. */
export const EXTENDED_NOTE_MS = 8_000;

export function HostDownBanner({ transport }: { transport: 'ipc' | 'http' }) {
  const down = useDeckStore((state) => state.hostDown);
  if (!down) return null;
  return (
    <div className="host-down" role="alert">
      <strong>{transport === 'http' ? 'The Session Deck host is not answering.' : 'The Session Deck engine is not answering.'}</strong> Sessions cannot be
      started, stopped or viewed from this page until it is back; sessions already running are not ended by this. The page tries again every few
      seconds and picks up where it was.
    </div>
  );
}

export function StopUndoNotices() {
  const scheduled = Object.entries(useDeckStore((state) => state.stopsScheduled));
  const sessions = useDeckStore((state) => state.sessions);
  const actions = useDeckStore((state) => state.actions);
  const now = useNow(250);
  if (scheduled.length === 0) return null;
  return (
    <>
      {scheduled.map(([id, at]) => {
        const session = sessions[id];
        const name = session ? sessionName(session) : id;
        return (
          <div key={id} className="toast" role="status">
            <p>
              Stopping {name} in {Math.max(0, Math.ceil((at - now) / 1000))} s. Its desktop and anything unsaved in it will be gone.
            </p>
            <button type="button" className="primary" onClick={() => actions.undoStop(id)} aria-label={`Undo stop of ${id}`}>
              Undo
            </button>
            <button type="button" className="danger" onClick={() => void actions.stopSession(id)} aria-label={`Stop now: ${id}`}>
              Stop now
            </button>
          </div>
        );
      })}
    </>
  );
}

export function ExtendedNotices() {
  const shown = useDeckStore((state) => selectViewerSession(state)?.id);
  const view = useDeckStore((state) => state.view);
  const extendedRecord = useDeckStore((state) => state.extended);
  const extended = useMemo(() => Object.entries(extendedRecord), [extendedRecord]);
  const sessions = useDeckStore((state) => state.sessions);
  const actions = useDeckStore((state) => state.actions);
  const now = useNow();
  // Each note goes by itself after a while.
  useEffect(() => {
    const timers = extended.map(([id, note]) => setTimeout(() => actions.dismissExtended(id), Math.max(0, note.at + EXTENDED_NOTE_MS - Date.now())));
    return () => timers.forEach(clearTimeout);
  }, [extended, actions]);
  // The shown desktop says it over itself (WarningOverlay); the others here.
  const elsewhere = extended.filter(([id]) => view !== 'sessions' || id !== shown);
  if (elsewhere.length === 0) return null;
  return (
    <>
      {elsewhere.map(([id, note]) => {
        const session = sessions[id];
        return (
          <div key={id} className="toast" role="status">
            <p>
              {session ? `${sessionName(session)}: ` : ''}
              {afterExtend(note, now)}
            </p>
            <button type="button" onClick={() => actions.dismissExtended(id)} aria-label={`Dismiss the extend note about ${id}`}>
              OK
            </button>
          </div>
        );
      })}
    </>
  );
}
