import type { PreloadApi } from '../../../electron/shared/api';
import type { ClipboardAccess } from '../viewer/clipboard';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by the preload through contextBridge. */
    sessionDeck?: PreloadApi;
    /**
     * Seam for a native clipboard (e.g. Electron's, exposed by a preload) where the browser's async
     * clipboard would refuse; the viewer uses navigator.clipboard when this is absent.
     */
    sessionDeckClipboard?: ClipboardAccess;
  }
}

