// Composition root of the Electron app: services first, then the window; closed in reverse order.
// With preload, the only place that imports 'electron'.
import { app, dialog, Menu, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
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
import { startRendererServer, type RendererServer } from '../core/host/renderer-server';
import { lazyShareHost } from '../core/host/share-host';
import { ConfigError } from '../core/config/session-types';
import { loadKioskProfile } from '../core/kiosk/kiosk-profile';
import { hashPinFromInput } from '../core/kiosk/pin-hash';
import { currentUserGroups } from '../core/util/user-groups';
import { isFinalState } from '../shared/session';
import { APP_USAGE, appArgv, AppUsageError, parseAppArgs, type AppArgs } from './app-args';
import { APP_NAME, userDataDir } from './app-identity';
import { electronClipboard } from './clipboard';
import { openKioskWindows, type KioskWindows } from './kiosk-window';
import { guardWindowClose } from './close-guard';
import { forwardEvents, registerIpcHandlers } from './ipc';
import { safeStorageSecretStore } from './secret-store';
import { electronSettingsStore } from './settings-store';
import { electronUiMemory } from './ui-memory';
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

/** `--hash-pin`: the PIN comes on standard input (an argument would show in /proc to every user). */
async function printPinHash(): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write('PIN (4 to 64 characters), then Enter: ');
  try {
    process.stdout.write(`${await hashPinFromInput(process.stdin)}\n`);
    app.exit(0);
  } catch (error) {
    process.stderr.write(`session-deck: --hash-pin: ${(error as Error).message}\n`);
    app.exit(1);
  }
}

async function main(): Promise<void> {
  const args = appArgs();
  if (args.hashPin) return printPinHash();
  app.setName(APP_NAME);
  app.setPath('userData', userDataDir(args.dataDir, app.getPath('appData')));
  // After userData is set: the lock lives there, so another data directory is another instance.
  if (!app.requestSingleInstanceLock()) {
    console.error(`session-deck: already running with the data directory ${app.getPath('userData')}; that window is brought to the front`);
    app.quit();
    return;
  }
  const log = (line: string) => console.error(`session-deck: ${line}`);
  const kiosk = args.kioskFile ? await loadKioskProfile(resolve(args.kioskFile)) : undefined;

  // Registered before anything loads: a quit at any point of the start still stops every session.
  const services: {
    engine?: SessionDeckEngine;
    renderer?: RendererServer;
    shareHost?: ReturnType<typeof lazyShareHost>;
    unregister?: () => void;
    stopForwarding?: () => void;
  } = {};
  let closed = false;
  let kioskWindows: KioskWindows | undefined;
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    kioskWindows?.allowClose();
    const { engine, renderer, shareHost, unregister, stopForwarding } = services;
    stopForwarding?.();
    unregister?.();
    void (async () => {
      await started.catch(() => undefined);
      await engine?.close();
      await closeScriptModules(); // the runner processes of users' script modules
      await shareHost?.close();
      await renderer?.close();
    })().finally(() => {
      closed = true;
      app.quit();
    });
  });

  const started = (async () => {
    // Before Chromium writes its files there; the default folder is the app's own whatever it holds.
    const dataDirLock = await openDataDir(app.getPath('userData'), { log, appOwned: !args.dataDir });
    await app.whenReady();
    hardenSession();
    // No application menu: its accelerators (Ctrl+W, Ctrl+R, Ctrl+Q, ...) would take keys meant for
    // the remote desktop, and a kiosk has no menu anyway. Quitting stays with the window's close.
    Menu.setApplicationMenu(null);

    const { hooksFile } = args;
    const renderer = (services.renderer = await startRendererServer(rendererDir()));
    configureScriptModules({ log });
    // Share links open the host's share page: the app runs that host on loopback from the first share on.
    const shareHost = (services.shareHost = lazyShareHost({ rendererDir: rendererDir(), attach: (host) => host.attach(engine, engine.bridgePort, engine.shares) }));
    const engine = (services.engine = new SessionDeckEngine({
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
      // A broken sessions file shows the app with its error and no types, until it is fixed.
      invalidSessionsFile: 'start_without_types',
      ...(kiosk ? { kiosk } : {}),
      log,
      version: app.getVersion(),
    }));
    await engine.start();
    renderer.setBridgeOrigin(`ws://127.0.0.1:${engine.bridgePort}`);
    return { engine, renderer };
  })();
  const { engine, renderer } = await started;

  let window: BrowserWindow | undefined;
  const currentWindow = () => kioskWindows?.current ?? window;
  const isTrustedSender = (event: IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame ? new URL(event.senderFrame.url) : undefined;
    return event.sender.id === currentWindow()?.webContents.id && url?.origin === renderer.origin;
  };
  // A right PIN turns the kiosk window into the app's ordinary window; the page goes on to the normal UI.
  const api = {
    ...engine,
    unlockKiosk: async (pin: string) => {
      const result = await engine.unlockKiosk(pin);
      if (result.unlocked) kioskWindows?.leaveKiosk();
      return result;
    },
  };
  const local = { ...electronClipboard(), ...electronUiMemory(app.getPath('userData'), log) };
  services.unregister = registerIpcHandlers({ api, local, isTrustedSender });
  const runningSessions = async () => (await engine.listSessions()).filter((session) => !isFinalState(session.state)).length;
  if (kiosk) {
    kioskWindows = openKioskWindows({
      rendererOrigin: renderer.origin,
      onWindow: (next) => {
        services.stopForwarding?.();
        services.stopForwarding = forwardEvents((listener) => engine.onEvent(listener), next.webContents);
      },
      log,
    });
  } else {
    const main = (window = createMainWindow({ kiosk: false, rendererOrigin: renderer.origin }));
    services.stopForwarding = forwardEvents((listener) => engine.onEvent(listener), main.webContents);
    guardWindowClose(main, runningSessions);
    await main.loadURL(`${renderer.origin}/`);
  }

  app.on('second-instance', () => {
    const shown = currentWindow();
    if (shown?.isMinimized()) shown.restore();
    shown?.focus();
  });
}

main().catch((error: unknown) => {
  // A refusal (data directory, settings file, kiosk profile) is for the user: shown in a dialog, not as a stack.
  if (error instanceof StartupRefusal || error instanceof ConfigError) {
    console.error(`session-deck: ${error.message}`);
    dialog.showErrorBox('Session Deck cannot start', error.message);
  } else console.error(`session-deck: ${(error as Error).stack ?? error}`);
  app.exit(1);
});
