import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createApi } from './api/createApi';
import './styles.css';

const { api, kind } = createApi(window);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App api={api} transport={kind} />
  </StrictMode>,
);
