// Composition root of the Electron app: services first, then the window; closed in reverse order.
// With preload, the only place that imports 'electron'.
import { app, type IpcMainInvokeEvent } from 'electron';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SessionDeckEngine } from '../core/engine';
import { currentUserGroups } from '../core/util/user-groups';
import { forwardEvents, registerIpcHandlers } from './ipc';
import { createMainWindow, hardenSession, loadRenderer, rendererEntry } from './window';

const argValue = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};

/** The sessions file: --config, or one in the user's data directory seeded from the example. */
async function sessionsFile(): Promise<string> {
  const given = argValue('--config');
  if (given) return resolve(given);
  const file = join(app.getPath('userData'), 'sessions.json');
  if (!existsSync(file)) {
    await mkdir(app.getPath('userData'), { recursive: true });
    await copyFile(fileURLToPath(new URL('../../resources/sessions.example.json', import.meta.url)), file);
  }
  return file;
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  const dataDir = argValue('--data-dir') ?? app.getPath('userData');
  if (argValue('--data-dir')) app.setPath('userData', resolve(dataDir));
  await app.whenReady();
  hardenSession();

  const engine = new SessionDeckEngine({
    sessionsFile: await sessionsFile(),
    dataDir: app.getPath('userData'),
    user: userInfo().username,
    userGroups: await currentUserGroups(),
    env: process.env,
    log: (line) => console.error(`session-deck: ${line}`),
    // Pages loaded from file:// send this Origin on WebSocket upgrades.
    allowedOrigins: ['file://'],
  });
  await engine.start();

  const window = createMainWindow({ kiosk: process.argv.includes('--kiosk') });
  const entryPath = new URL(`file://${rendererEntry()}`).pathname;
  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame ? new URL(event.senderFrame.url) : undefined;
    return event.sender.id === window.webContents.id && url?.protocol === 'file:' && url.pathname === entryPath;
  };
  const unregister = registerIpcHandlers({ api: engine, isTrustedSender });

  const stopForwarding = forwardEvents((listener) => engine.onEvent(listener), window.webContents);
  await loadRenderer(window);
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    stopForwarding();
    unregister();
    void engine.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}

main().catch((error: unknown) => {
  console.error(`session-deck: ${(error as Error).stack ?? error}`);
  app.exit(1);
});
