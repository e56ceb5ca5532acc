// The contract's clipboard methods in the app: Electron's native clipboard, where the page's async
// clipboard would need a permission that this app denies to pages. Text only; dispatch() bounds
// what is written, this bounds what is read.
import { clipboard } from 'electron';
import type { ClipboardMethods } from '../shared/api';
import { MAX_CLIPBOARD_TEXT } from '../shared/validate';

export const electronClipboard = (): ClipboardMethods => ({
  readClipboard: async () => (await clipboard.readText()).slice(0, MAX_CLIPBOARD_TEXT),
  writeClipboard: async (text) => {
    await clipboard.writeText(text);
  },
});
