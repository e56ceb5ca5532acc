// Closing the last window while sessions run asks first: stop them and quit, or keep the window.
// Quitting always stops every session (the engine's close), so nothing outlives the app.
import { dialog, type BrowserWindow } from 'electron';

export function guardWindowClose(window: BrowserWindow, runningSessions: () => Promise<number>): void {
  let confirmed = false;
  window.on('close', (event) => {
    if (confirmed) return;
    event.preventDefault();
    void (async () => {
      const running = await runningSessions();
      if (running > 0) {
        const { response } = await dialog.showMessageBox(window, {
          type: 'question',
          buttons: [`Stop ${running} session${running === 1 ? '' : 's'} and quit`, 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          title: 'Sessions are running',
          message: `${running} session${running === 1 ? ' is' : 's are'} still running.`,
          detail: 'Quitting Session Deck stops them. Unsaved work inside them is lost.',
        });
        if (response !== 0) return;
      }
      confirmed = true;
      window.close();
    })();
  });
}
