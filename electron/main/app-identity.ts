// The app's name and data directory, set explicitly: `npm start` runs `electron dist/main/index.js`
// with no package.json beside it, so Electron would call the app "Electron" and keep its data in
// ~/.config/Electron.
import { join, resolve } from 'node:path';

export const APP_NAME = 'Session Deck';

/** Electron's userData: --data-dir, else "Session Deck" in the user's config directory (appData). */
export const userDataDir = (dataDir: string | undefined, appData: string): string => (dataDir ? resolve(dataDir) : join(appData, APP_NAME));
