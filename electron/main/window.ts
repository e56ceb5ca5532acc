// The one application window, hardened: isolated, sandboxed, no Node, no navigation away from the
// renderer's origin, no pop-ups, no permissions but notifications (the renderer's timer warnings)
// and full screen.
import { BrowserWindow, session, shell } from 'electron';
import { fileURLToPath } from 'node:url';

export const rendererDir = (): string => fileURLToPath(new URL('../renderer/', import.meta.url));
const preloadEntry = (): string => fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

const GRANTED: readonly string[] = ['notifications', 'fullscreen'];

export function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(GRANTED.includes(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => GRANTED.includes(permission));
}

/** Creates the window; load it once the IPC handlers are registered. */
export function createMainWindow(options: { kiosk: boolean; rendererOrigin: string; devTools?: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 1024,
    minHeight: 700,
    kiosk: options.kiosk,
    show: false,
    title: 'Session Deck',
    webPreferences: {
      preload: preloadEntry(),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: options.devTools ?? true,
    },
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== options.rendererOrigin) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.once('ready-to-show', () => window.show());
  return window;
}
