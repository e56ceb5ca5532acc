// The whole window: a header with the sidebar toggle and the views; over everything, the notices
// (host down, sessions file, errors, stops to undo) float instead of pushing the desktop down.
// The sessions view stays mounted (hidden) behind the others so open desktops stay connected.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionDeckApi, UiMemoryMethods } from '../../electron/shared/api';
import { ApiContext } from './api/apiContext';
import type { TransportKind } from './api/createApi';
import { ExtendedNotices, HostDownBanner, StopUndoNotices } from './components/AppNotices';
import { ConfigBanner } from './components/ConfigBanner';
import { ErrorPanel } from './components/ErrorPanel';
import { SessionList } from './components/SessionList';
import { TypeList } from './components/TypeList';
import { NARROW_WINDOW, SIDEBAR_SHORTCUT_LABEL, sidebarShown, useMediaQuery, useSidebarShortcut } from './components/useSidebar';
import { useWarningNotifications } from './components/useWarningNotifications';
import { ViewerPanel } from './components/ViewerPanel';
import { useReloadWhenBridgeMoved } from './lib/bridgeMoved';
import { createDeckStore } from './store/deckStore';
import { DECK_VIEWS, type DeckStoreApi, type DeckView } from './store/deckTypes';
import { selectViewerTabs } from './store/selectors';
import { connectUiMemory } from './store/uiMemory';
import { DeckStoreProvider, useDeckStore } from './store/useDeckStore';
import { useDeckSync } from './store/useDeckSync';
import { AboutView } from './views/AboutView';
import { AuditView } from './views/AuditView';
import { HistoryView } from './views/HistoryView';
import { MetricsView } from './views/MetricsView';
import { SettingsView } from './views/SettingsView';

const VIEW_LABELS: Record<DeckView, string> = {
  sessions: 'Sessions',
  history: 'History',
  audit: 'Audit log',
  metrics: 'Metrics',
  settings: 'Settings',
  about: 'About',
};

function Nav() {
  const view = useDeckStore((state) => state.view);
  const actions = useDeckStore((state) => state.actions);
  return (
    <nav className="app-nav" aria-label="Views">
      {DECK_VIEWS.map((name) => (
        <button
          key={name}
          type="button"
          className="nav-button"
          aria-current={view === name ? 'page' : undefined}
          onClick={() => actions.setView(name)}
        >
          {VIEW_LABELS[name]}
        </button>
      ))}
    </nav>
  );
}

function CurrentView({ view, transport }: { view: DeckView; transport: TransportKind }) {
  switch (view) {
    case 'sessions':
      return null;
    case 'history':
      return <HistoryView />;
    case 'audit':
      return <AuditView />;
    case 'metrics':
      return <MetricsView />;
    case 'settings':
      return <SettingsView />;
    case 'about':
      return <AboutView transport={transport} />;
    default: {
      const unexpected: never = view;
      return unexpected;
    }
  }
}

function useUiMemory(store: DeckStoreApi, memory: UiMemoryMethods | null): void {
  useEffect(() => (memory ? connectUiMemory(store, memory) : undefined), [store, memory]);
}

/** `memory`: where the window's tabs and choices are kept (the transport's; none in tests unless given). */
export function App({ api, transport, memory = null }: { api: SessionDeckApi; transport: TransportKind; memory?: UiMemoryMethods | null }) {
  // The store's actions call this API: a new API gets a new store.
  const store = useMemo(() => createDeckStore(api), [api]);
  useUiMemory(store, memory);
  useDeckSync(api, store);
  useWarningNotifications(store);
  useReloadWhenBridgeMoved();
  return (
    <ApiContext.Provider value={api}>
      <DeckStoreProvider store={store}>
        <Deck transport={transport} />
      </DeckStoreProvider>
    </ApiContext.Provider>
  );
}

function Deck({ transport }: { transport: TransportKind }) {
  const view = useDeckStore((state) => state.view);
  const sidebar = useDeckStore((state) => state.sidebar);
  const desktopShown = useDeckStore(useShallow(selectViewerTabs)).length > 0;
  const actions = useDeckStore((state) => state.actions);
  const narrow = useMediaQuery(NARROW_WINDOW);
  const sideShown = sidebarShown(sidebar, narrow, desktopShown);
  const toggleSidebar = useCallback(() => actions.toggleSidebar(sideShown), [actions, sideShown]);
  useSidebarShortcut(toggleSidebar);
  const configError = useDeckStore((state) => state.config?.error ?? null);
  // The banner can be folded away (it would cover the desktop); a new error shows it again.
  const [foldedError, setFoldedError] = useState<string | null>(null);
  const bannerFolded = configError !== null && foldedError === configError;
  return (
    <div className="app">
      <header className="app-header">
        {view === 'sessions' && (
          <button
            type="button"
            className="sidebar-toggle"
            aria-label="Sidebar"
            aria-expanded={sideShown}
            aria-controls="app-side"
            aria-keyshortcuts="Control+Shift+S"
            title={`${sideShown ? 'Hide' : 'Show'} running sessions and session types (${SIDEBAR_SHORTCUT_LABEL})`}
            onClick={toggleSidebar}
          >
            <span aria-hidden="true">☰</span>
          </button>
        )}
        <h1>Session Deck</h1>
        <Nav />
        {bannerFolded && (
          <button type="button" className="config-chip" onClick={() => setFoldedError(null)}>
            Sessions file has an error
          </button>
        )}
        <span className="muted small app-transport">{transport === 'ipc' ? 'desktop app' : 'headless host'}</span>
      </header>
      <div className="app-body">
        <main className={`app-main${sideShown ? '' : ' no-side'}`} hidden={view !== 'sessions'} aria-label="Sessions">
          {sideShown && (
            <aside className="app-side" id="app-side" aria-label="Running sessions and session types">
              <SessionList />
              <TypeList />
            </aside>
          )}
          <div className="app-content">
            <ViewerPanel />
          </div>
        </main>
        {view !== 'sessions' && (
          <main className="app-page" aria-label={VIEW_LABELS[view]}>
            <CurrentView view={view} transport={transport} />
          </main>
        )}
        <div className="app-overlays">
          <HostDownBanner transport={transport} />
          {!bannerFolded && <ConfigBanner onFold={configError ? () => setFoldedError(configError) : undefined} />}
          <ErrorPanel loginHref={transport === 'http' ? './login' : undefined} />
          <StopUndoNotices />
          <ExtendedNotices />
        </div>
      </div>
    </div>
  );
}
