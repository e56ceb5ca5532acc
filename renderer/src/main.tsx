import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApi } from './api/createApi';
import { KioskApp } from './kiosk/KioskApp';
// Styles by area; the order is the cascade's (later files may refine earlier ones).
import './styles/base.css';
import './styles/layout.css';
import './styles/sidebar.css';
import './styles/viewer.css';
import './styles/pages.css';

const { api, kind } = createApi(window);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    {window.location.pathname === '/kiosk' ? <KioskApp api={api} /> : <App api={api} transport={kind} memory={api} />}
  </StrictMode>,
);
