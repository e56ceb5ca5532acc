// The open desktops as tabs: each open tab keeps its viewer mounted and connected, the selected one is shown.
import { type KeyboardEvent, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionInfo } from '../../../electron/shared/session';
import { useDeckStore } from '../store/useDeckStore';
import { selectViewerSession, selectViewerTabs } from '../store/selectors';
import { SessionViewer } from '../viewer/SessionViewer';
import type { ViewerPhase } from '../viewer/viewerStatus';
import { causeLabel } from '../lib/format';

const focusDesktop = (id: string) =>
  document.querySelector<HTMLElement>(`#viewer-panel-${CSS.escape(id)} .viewer canvas`)?.focus();

/** Sessions that ended without this window stopping them: why the desktop went away. */
export function EndedNotices({ notices, onDismiss }: { notices: SessionInfo[]; onDismiss(id: string): void }) {
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((session) => (
        <div key={session.id} className="notice" role="alert">
          <p>
            Session <span className="mono">{session.id}</span> ({session.type}, slot {session.index}) ended
            {session.cause === 'user_stopped'
              ? ': stopped from elsewhere (another window or the API)'
              : session.cause
                ? `: ${causeLabel(session.cause)}`
                : ''}
            {session.message ? ` (${session.message})` : ''}.
          </p>
          <button type="button" onClick={() => onDismiss(session.id)} aria-label={`Dismiss notice about ${session.id}`}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

export interface ViewerPanelViewProps {
  /** Session ids with a mounted viewer, in tab order. */
  tabs: string[];
  shown: string | undefined;
  sessions: Record<string, SessionInfo>;
  phases: Record<string, ViewerPhase>;
  notices: SessionInfo[];
  onSelect(id: string): void;
  onDismissNotice(id: string): void;
}

export function ViewerPanelView({ tabs, shown, sessions, phases, notices, onSelect, onDismissNotice }: ViewerPanelViewProps) {
  if (tabs.length === 0) {
    return (
      <div className="viewer-area">
        <EndedNotices notices={notices} onDismiss={onDismissNotice} />
        <section className="viewer-panel viewer-empty" aria-label="Desktop">
          <p className="muted">The desktop of a running session appears here. Start a session, or View a running one.</p>
        </section>
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
      <EndedNotices notices={notices} onDismiss={onDismissNotice} />
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
              onClick={(event) => {
                onSelect(id);
                // A tab clicked with the mouse hands the keyboard to its desktop; one chosen with the
                // keyboard keeps the focus, so arrow keys go on moving between tabs.
                if (event.detail > 0) requestAnimationFrame(() => focusDesktop(id));
              }}
            >
              <span className={`dot dot-${phase ?? 'ticket'}`} aria-hidden="true" />
              {session ? (session.label ?? `${session.type} #${session.index}`) : id}
              <span className="visually-hidden"> ({id})</span>
            </button>
          );
        })}
      </div>
      {tabs.map((id) => {
        const session = sessions[id];
        // A key per session: a fresh element and a fresh connection, the old one closed by its cleanup.
        return session ? <SessionViewer key={id} session={session} active={id === shown} /> : null;
      })}
    </div>
  );
}

export function ViewerPanel() {
  const tabs = useDeckStore(useShallow(selectViewerTabs));
  const shown = useDeckStore((state) => selectViewerSession(state)?.id);
  const actions = useDeckStore((state) => state.actions);
  const sessions = useDeckStore((state) => state.sessions);
  const phases = useDeckStore((state) => state.viewerPhases);
  const notices = useDeckStore(useShallow((state) => Object.values(state.endedNotices)));
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
      notices={notices}
      onSelect={(id) => actions.selectSession(id)}
      onDismissNotice={(id) => actions.dismissNotice(id)}
    />
  );
}
