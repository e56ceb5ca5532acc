// Shows the selected (or most recent) running session in the embedded viewer.
import { useDeckStore } from '../store/deckStore';
import { selectViewerSession } from '../store/selectors';
import { SessionViewer } from '../viewer/SessionViewer';

export function ViewerPanel() {
  const session = useDeckStore(selectViewerSession);
  if (!session) {
    return (
      <section className="viewer-panel viewer-empty" aria-label="Desktop">
        <p className="muted">The desktop of a running session appears here.</p>
      </section>
    );
  }
  // A new key per session: a fresh element and a fresh connection, the old one closed by its cleanup.
  return <SessionViewer key={session.id} session={session} />;
}
