// Composition root of the Electron app: services first, then the window; closed in reverse order.
// With preload, the only place that imports 'electron'.
import { app, dialog, Menu, type IpcMainInvokeEvent } from 'electron';
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHooks } from '../core/config/hooks-file';
import { StartupRefusal } from '../core/data-dir/data-dir-error';
import { openDataDir } from '../core/data-dir/open-data-dir';
import { SessionDeckEngine } from '../core/engine';
import { closeScriptModules, configureScriptModules } from '../core/script-host/script-modules';
import { startRendererServer } from '../core/host/renderer-server';
import { lazyShareHost } from '../core/host/share-host';
import { currentUserGroups } from '../core/util/user-groups';
import { isFinalState } from '../shared/session';
import { APP_USAGE, appArgv, AppUsageError, parseAppArgs, type AppArgs } from './app-args';
import { electronClipboard } from './clipboard';
import { guardWindowClose } from './close-guard';
import { forwardEvents, registerIpcHandlers } from './ipc';
import { safeStorageSecretStore } from './secret-store';
import { electronSettingsStore } from './settings-store';
import { createMainWindow, hardenSession, rendererDir } from './window';

/** The app's arguments; a usage error or --help prints the usage and ends the app. */
function appArgs(): AppArgs {
  let args: AppArgs;
  try {
    args = parseAppArgs(appArgv(process.argv, process.defaultApp === true), process.env);
  } catch (error) {
    if (!(error instanceof AppUsageError)) throw error;
    process.stderr.write(`session-deck: ${error.message}\n${APP_USAGE}`);
    return process.exit(2);
  }
  if (args.help) {
    process.stdout.write(APP_USAGE);
    return process.exit(0);
  }
  return args;
}

/** The sessions file: --config, or one in the user's data directory seeded from the example. */
async function sessionsFile(given: string | undefined): Promise<string> {
  if (given) return resolve(given);
  const file = join(app.getPath('userData'), 'sessions.json');
  if (!existsSync(file)) {
    await mkdir(app.getPath('userData'), { recursive: true });
    const resources = app.isPackaged ? process.resourcesPath : fileURLToPath(new URL('../../resources/', import.meta.url));
    await copyFile(join(resources, 'sessions.example.json'), file);
  }
  return file;
}

async function main(): Promise<void> {
  const args = appArgs();
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  if (args.dataDir) app.setPath('userData', resolve(args.dataDir));
  const log = (line: string) => console.error(`session-deck: ${line}`);
  // Before Chromium writes its files there; the default folder is the app's own whatever it holds.
  const dataDirLock = await openDataDir(app.getPath('userData'), { log, appOwned: !args.dataDir });
  await app.whenReady();
  hardenSession();
  // No application menu: its accelerators (Ctrl+W, Ctrl+R, Ctrl+Q, ...) would take keys meant for
  // the remote desktop, and a kiosk has no menu anyway. Quitting stays with the window's close.
  Menu.setApplicationMenu(null);

  const { hooksFile } = args;
  const renderer = await startRendererServer(rendererDir());
  configureScriptModules({ log });
  // Share links open the host's share page: the app runs that host on loopback from the first share on.
  const shareHost = lazyShareHost({ rendererDir: rendererDir(), attach: (host) => host.attach(engine, engine.bridgePort, engine.shares) });
  const engine = new SessionDeckEngine({
    sessionsFile: await sessionsFile(args.config),
    dataDir: app.getPath('userData'),
    dataDirLock,
    user: userInfo().username,
    userGroups: await currentUserGroups(),
    env: process.env,
    allowedOrigins: [renderer.origin],
    shareOrigin: shareHost.origin,
    settingsStore: electronSettingsStore(app.getPath('userData')),
    secretStore: safeStorageSecretStore(),
    hooks: hooksFile ? await loadHooks(resolve(hooksFile)) : [],
    log,
  });
  await engine.start();
  renderer.setBridgeOrigin(`ws://127.0.0.1:${engine.bridgePort}`);

  const window = createMainWindow({ kiosk: args.kiosk, rendererOrigin: renderer.origin });
  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame ? new URL(event.senderFrame.url) : undefined;
    return event.sender.id === window.webContents.id && url?.origin === renderer.origin;
  };
  const unregister = registerIpcHandlers({ api: engine, clipboard: electronClipboard(), isTrustedSender });
  const stopForwarding = forwardEvents((listener) => engine.onEvent(listener), window.webContents);
  guardWindowClose(window, async () => (await engine.listSessions()).filter((session) => !isFinalState(session.state)).length);
  await window.loadURL(`${renderer.origin}/`);

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
    void engine
      .close()
      .then(() => closeScriptModules()) // the runner processes of users' script modules
      .then(() => shareHost.close())
      .then(() => renderer.close())
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}

main().catch((error: unknown) => {
  // A refusal (data directory, settings file) is for the user: shown in a dialog, not as a stack.
  if (error instanceof StartupRefusal) {
    console.error(`session-deck: ${error.message}`);
    dialog.showErrorBox('Session Deck cannot start', error.message);
  } else console.error(`session-deck: ${(error as Error).stack ?? error}`);
  app.exit(1);
});
