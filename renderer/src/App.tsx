// The whole window: types on the left, running sessions and the desktop on the right.
import type { SessionDeckApi } from '../../electron/shared/api';
import { ApiContext } from './api/apiContext';
import type { TransportKind } from './api/createApi';
import { ErrorPanel } from './components/ErrorPanel';
import { SessionList } from './components/SessionList';
import { TypeList } from './components/TypeList';
import { ViewerPanel } from './components/ViewerPanel';
import { useDeckSync } from './store/useDeckSync';

export function App({ api, transport }: { api: SessionDeckApi; transport: TransportKind }) {
  useDeckSync(api);
  return (
    <ApiContext.Provider value={api}>
      <div className="app">
        <header className="app-header">
          <h1>Session Deck</h1>
          <span className="muted small">{transport === 'ipc' ? 'desktop app' : 'headless host'}</span>
        </header>
        <main className="app-main">
          <aside className="app-side">
            <TypeList />
          </aside>
          <div className="app-content">
            <ErrorPanel />
            <SessionList />
            <ViewerPanel />
          </div>
        </main>
      </div>
    </ApiContext.Provider>
  );
}
