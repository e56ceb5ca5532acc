// The native clipboard for the viewer, where the page's async clipboard would need a permission
// that this app denies to pages. Text only, bounded, for our window only.
import { clipboard, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CLIPBOARD_READ_CHANNEL, CLIPBOARD_WRITE_CHANNEL, MAX_CLIPBOARD_TEXT } from '../shared/channels';

export function registerClipboardHandlers(isTrustedSender: (event: IpcMainInvokeEvent) => boolean): () => void {
  ipcMain.handle(CLIPBOARD_READ_CHANNEL, async (event) => {
    if (!isTrustedSender(event)) throw new Error('IPC from an unknown sender');
    return (await clipboard.readText()).slice(0, MAX_CLIPBOARD_TEXT);
  });
  ipcMain.handle(CLIPBOARD_WRITE_CHANNEL, async (event, text: unknown) => {
    if (!isTrustedSender(event)) throw new Error('IPC from an unknown sender');
    if (typeof text !== 'string' || text.length > MAX_CLIPBOARD_TEXT) throw new Error(`clipboard text: expected at most ${MAX_CLIPBOARD_TEXT} characters`);
    await clipboard.writeText(text);
  });
  return () => {
    ipcMain.removeHandler(CLIPBOARD_READ_CHANNEL);
    ipcMain.removeHandler(CLIPBOARD_WRITE_CHANNEL);
  };
}
