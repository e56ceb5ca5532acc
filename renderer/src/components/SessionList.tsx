// Running sessions, newest first, wired to the store.
import { useShallow } from 'zustand/react/shallow';
import { useDeckStore } from '../store/useDeckStore';
import { isViewable, selectActiveSessions, selectViewerSession } from '../store/selectors';
import { ActiveShares } from './ActiveShares';
import { SessionRow } from './SessionRow';
import { useNow } from '../lib/useNow';
import { useApi } from '../api/apiContext';
import { useServedThumbnails } from './useServedThumbnails';

export function SessionList() {
  const sessions = useDeckStore(useShallow(selectActiveSessions));
  const viewing = useDeckStore((state) => selectViewerSession(state)?.id);
  const pendingStops = useDeckStore((state) => state.pendingStops);
  const stopsScheduled = useDeckStore((state) => state.stopsScheduled);
  const pendingExtends = useDeckStore((state) => state.pendingExtends);
  const thumbnails = useDeckStore((state) => state.thumbnails);
  const actions = useDeckStore((state) => state.actions);
  const now = useNow();
  // A viewer's own snapshot is fresher; the engine's picture covers every other running session.
  const served = useServedThumbnails(useApi(), sessions.filter(isViewable).map((session) => session.id));
  return (
    <section className="sessions" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Running sessions</h2>
      {sessions.length === 0 ? (
        <p className="muted small">No session is running. Start one from a session type below.</p>
      ) : (
        <ul className="session-list">
          {sessions.map((session) => (
            <SessionRow
              key={session.id}
              session={session}
              now={now}
              viewing={session.id === viewing}
              stopping={pendingStops[session.id] === true || stopsScheduled[session.id] !== undefined}
              extending={pendingExtends[session.id] === true}
              thumbnail={thumbnails[session.id] ?? served[session.id]}
              shares={<ActiveShares sessionId={session.id} now={now} />}
              onView={() => actions.openTab(session.id)}
              onStop={() => actions.scheduleStop(session.id)}
              onExtend={() => void actions.extendSession(session.id)}
              onRename={(label) => actions.renameSession(session.id, label)}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
