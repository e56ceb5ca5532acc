import type { PreloadApi } from '../../../electron/shared/api';

declare global {
  interface Window {
    /** Present only inside Electron, exposed by the preload through contextBridge. */
    sessionDeck?: PreloadApi;
  }
}
