// The open desktops as tabs: each open tab keeps its viewer mounted and connected, the selected one
// is shown. The tabs and the shown desktop's controls share one row; notices float over the area.
import { type KeyboardEvent, type ReactNode, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionInfo } from '../../../electron/shared/session';
import { useDeckStore } from '../store/useDeckStore';
import { isViewable, selectStartBlocker, selectViewerSession, selectViewerTabs } from '../store/selectors';
import { SessionViewer } from '../viewer/SessionViewer';
import type { ViewerPhase } from '../viewer/viewerStatus';
import { sessionName } from '../lib/format';
import { useNow } from '../lib/useNow';
import { ViewerNotices } from './ViewerNotices';

const focusDesktop = (id: string) =>
  document.querySelector<HTMLElement>(`#viewer-panel-${CSS.escape(id)} .viewer canvas`)?.focus();

export interface ViewerPanelViewProps {
  /** Session ids with a mounted viewer, in tab order. */
  tabs: string[];
  shown: string | undefined;
  sessions: Record<string, SessionInfo>;
  phases: Record<string, ViewerPhase>;
  /** What floats over the area: ended sessions, disconnect notes (ViewerNotices). */
  notices?: ReactNode;
  onSelect(id: string): void;
}

export function ViewerPanelView({ tabs, shown, sessions, phases, notices, onSelect }: ViewerPanelViewProps) {
  // The row the shown viewer puts its status and toolbar into (a DOM node, so known after mount).
  const [controlsSlot, setControlsSlot] = useState<HTMLDivElement | null>(null);
  if (tabs.length === 0) {
    return (
      <div className="viewer-area">
        <section className="viewer-panel viewer-empty" aria-label="Desktop">
          <p className="muted">The desktop of a running session appears here. Start a session, or View a running one.</p>
        </section>
        {notices}
      </div>
    );
  }

  // Arrow keys move between tabs (WAI-ARIA tabs pattern, automatic activation).
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = tabs.indexOf(shown ?? '');
    const to =
      event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (to === null) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length];
    if (next) {
      onSelect(next);
      document.getElementById(`viewer-tab-${next}`)?.focus();
    }
  };

  return (
    <div className="viewer-area">
      {/* In full screen the row hides above the top edge; the pointer at the edge (or F8) brings it back. */}
      <div className="viewer-hot-edge" aria-hidden="true" />
      <div className="viewer-head">
        <div className="viewer-tabs" role="tablist" aria-label="Open desktops" onKeyDown={onKeyDown}>
          {tabs.map((id) => {
            const session = sessions[id];
            const selected = id === shown;
            const phase = phases[id];
            return (
              <button
                key={id}
                id={`viewer-tab-${id}`}
                type="button"
                role="tab"
                aria-selected={selected}
                aria-controls={`viewer-panel-${id}`}
                tabIndex={selected ? 0 : -1}
                className="viewer-tab"
                title={session ? `${session.type}, slot ${session.index}, ${session.size} (${id})` : id}
                onClick={(event) => {
                  onSelect(id);
                  // A tab clicked with the mouse hands the keyboard to its desktop; one chosen with the
                  // keyboard keeps the focus, so arrow keys go on moving between tabs.
                  if (event.detail > 0) requestAnimationFrame(() => focusDesktop(id));
                }}
              >
                <span className={`dot dot-${phase ?? 'ticket'}`} aria-hidden="true" />
                {session ? sessionName(session) : id}
                <span className="visually-hidden"> ({id})</span>
              </button>
            );
          })}
        </div>
        <div className="viewer-controls-slot" ref={setControlsSlot} />
      </div>
      {tabs.map((id) => {
        const session = sessions[id];
        // A key per session: a fresh element and a fresh connection, the old one closed by its cleanup.
        return session ? <SessionViewer key={id} session={session} active={id === shown} controlsSlot={controlsSlot} /> : null;
      })}
      {notices}
    </div>
  );
}

/** The notices over the area, wired to the store. */
function ViewerAreaNotices() {
  const actions = useDeckStore((state) => state.actions);
  const ended = useDeckStore(useShallow((state) => Object.values(state.endedNotices)));
  const disconnected = useDeckStore(
    useShallow((state) =>
      Object.keys(state.disconnectNotices)
        .map((id) => state.sessions[id])
        .filter((session): session is SessionInfo => session !== undefined && isViewable(session)),
    ),
  );
  const blockers = useDeckStore(
    useShallow((state) => Object.fromEntries(state.types.map((type) => [type.name, selectStartBlocker(type)(state)]))),
  );
  const now = useNow();
  return (
    <ViewerNotices
      ended={ended}
      disconnected={disconnected}
      now={now}
      startBlocker={(type) => (type in blockers ? (blockers[type] ?? null) : 'This type is no longer in the sessions file.')}
      onDismissEnded={(id) => actions.dismissNotice(id)}
      onStartAgain={(session) => {
        actions.dismissNotice(session.id);
        void actions.startSession(session.type, session.size, session.label);
      }}
      onViewAgain={(id) => actions.openTab(id)}
      onDismissDisconnected={(id) => actions.dismissDisconnectNotice(id)}
    />
  );
}

export function ViewerPanel() {
  const tabs = useDeckStore(useShallow(selectViewerTabs));
  const shown = useDeckStore((state) => selectViewerSession(state)?.id);
  const actions = useDeckStore((state) => state.actions);
  const sessions = useDeckStore((state) => state.sessions);
  const phases = useDeckStore((state) => state.viewerPhases);
  const shownLabel = useDeckStore((state) => {
    const session = shown ? state.sessions[shown] : undefined;
    return session ? `${session.type} #${session.index}` : '';
  });
  // A desktop shown by itself (the newest running one) becomes a tab, so starting another keeps it connected.
  const adopt = useDeckStore((state) => (shown && !state.openTabs.includes(shown) ? shown : null));
  useEffect(() => {
    if (adopt) actions.adoptTab(adopt);
  }, [adopt, actions]);
  // The window's title names the desktop shown, as a desktop viewer's does.
  useEffect(() => {
    document.title = shownLabel ? `${shownLabel} — Session Deck` : 'Session Deck';
  }, [shownLabel]);

  return (
    <ViewerPanelView
      tabs={tabs}
      shown={shown}
      sessions={sessions}
      phases={phases}
      notices={<ViewerAreaNotices />}
      onSelect={(id) => actions.selectSession(id)}
    />
  );
}
