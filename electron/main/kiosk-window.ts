// The kiosk window: the kiosk page only, full screen, no developer tools; local shortcuts that would
// leave it filtered in before-input-event (decided by core/kiosk/escape-keys); a renderer that
// crashes or is killed is replaced by a fresh window; it cannot be closed while in kiosk mode (Alt+F4
// and the like), only when the app quits or after the admin PIN left kiosk mode.
import type { BrowserWindow } from 'electron';
import { kioskKeyAction } from '../core/kiosk/escape-keys';
import { createMainWindow } from './window';

export interface KioskWindowOptions {
  rendererOrigin: string;
  /** Called for each new window (the first, and each replacement), to wire IPC events to it. */
  onWindow(window: BrowserWindow): void;
  log(line: string): void;
}

export interface KioskWindows {
  readonly current: BrowserWindow;
  /** After the right PIN: an ordinary window from now on. */
  leaveKiosk(): void;
  /** The app is quitting: let the window close. */
  allowClose(): void;
}

export function openKioskWindows(options: KioskWindowOptions): KioskWindows {
  let inKiosk = true;
  let closing = false;
  let current = create();

  function create(): BrowserWindow {
    const window = createMainWindow({ kiosk: true, rendererOrigin: options.rendererOrigin, devTools: false });
    window.webContents.on('before-input-event', (event, input) => {
      if (inKiosk && kioskKeyAction(input) === 'swallow') event.preventDefault();
    });
    window.on('close', (event) => {
      if (inKiosk && !closing) event.preventDefault();
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      if (closing) return;
      options.log(`kiosk window: the page's process is gone (${details.reason}); opening a new window`);
      const old = window;
      // The new one first, so that the app never has no window (window-all-closed would quit it).
      current = create();
      old.destroy();
    });
    options.onWindow(window);
    void window.loadURL(`${options.rendererOrigin}/kiosk`);
    return window;
  }

  return {
    get current() {
      return current;
    },
    leaveKiosk() {
      inKiosk = false;
      current.setKiosk(false);
    },
    allowClose() {
      closing = true;
    },
  };
}
