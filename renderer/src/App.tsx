// The whole window: a header with the views, the configuration banner and errors, then the view.
// The sessions view stays mounted (hidden) behind the others so open desktops stay connected.
import type { SessionDeckApi } from '../../electron/shared/api';
import { ApiContext } from './api/apiContext';
import type { TransportKind } from './api/createApi';
import { ConfigBanner } from './components/ConfigBanner';
import { ErrorPanel } from './components/ErrorPanel';
import { SessionList } from './components/SessionList';
import { TypeList } from './components/TypeList';
import { ViewerPanel } from './components/ViewerPanel';
import { useMemo } from 'react';
import { createDeckStore } from './store/deckStore';
import { DECK_VIEWS, type DeckView } from './store/deckTypes';
import { DeckStoreProvider, useDeckStore } from './store/useDeckStore';
import { useDeckSync } from './store/useDeckSync';
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

function CurrentView({ view }: { view: DeckView }) {
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
    default: {
      const unexpected: never = view;
      return unexpected;
    }
  }
}

export function App({ api, transport }: { api: SessionDeckApi; transport: TransportKind }) {
  // The store's actions call this API: a new API gets a new store.
  const store = useMemo(() => createDeckStore(api), [api]);
  useDeckSync(api, store);
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
  return (
    <div className="app">
      <header className="app-header">
        <h1>Session Deck</h1>
        <Nav />
        <span className="muted small app-transport">{transport === 'ipc' ? 'desktop app' : 'headless host'}</span>
      </header>
      <ConfigBanner />
      <ErrorPanel loginHref={transport === 'http' ? './login' : undefined} />
      <main className="app-main" hidden={view !== 'sessions'} aria-label="Sessions">
        <aside className="app-side">
          <SessionList />
          <TypeList />
        </aside>
        <div className="app-content">
          <ViewerPanel />
        </div>
      </main>
      {view !== 'sessions' && (
        <main className="app-page" aria-label={VIEW_LABELS[view]}>
          <CurrentView view={view} />
        </main>
      )}
    </div>
  );
}
