// Composition root of the headless host: the same engine as the Electron app, served to a browser
// on 127.0.0.1. Reads argv and the environment here, and nowhere in the engine.
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { StartupRefusal } from '../core/data-dir/data-dir-error';
import { openDataDir } from '../core/data-dir/open-data-dir';
import { SessionDeckEngine } from '../core/engine';
import { closeScriptModules, configureScriptModules } from '../core/script-host/script-modules';
import { AccessControl } from '../core/host/access-control';
import { loadHooks } from '../core/config/hooks-file';
import { HostServer } from '../core/host/host-server';
import { encryptedFileSecretStore } from '../core/secrets/encrypted-file-store';
import { fileSettingsStore } from '../core/settings/file-settings-store';
import { currentUserGroups } from '../core/util/user-groups';
import { join } from 'node:path';
import { obtainAccessToken, obtainLoginKey } from './access-token';
import { parseHostArgs, USAGE, UsageError, wantsPinHash } from './args';
import { loadKioskProfile } from '../core/kiosk/kiosk-profile';
import { hashPinFromInput } from '../core/kiosk/pin-hash';
import { openAppWindow } from './open-browser';
import { packageVersion } from './package-version';
import { isFinalState } from '../shared/session';

async function main(): Promise<void> {
  if (wantsPinHash(process.argv.slice(2))) return printPinHash();
  let args;
  try {
    args = parseHostArgs(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`session-deck-host: ${error.message}\n`);
    process.stderr.write(USAGE);
    process.exit(error.message ? 2 : 0);
  }

  const log = (line: string) => process.stderr.write(`session-deck-host: ${line}\n`);
  // Before anything starts: a kiosk whose profile is wrong is better refused at once, with the reason.
  let kiosk;
  try {
    kiosk = args.kioskFile ? await loadKioskProfile(args.kioskFile) : undefined;
  } catch (error) {
    process.stderr.write(`session-deck-host: ${(error as Error).message}\n`);
    process.exit(1);
  }
  // First of all, so that nothing (not even the token) is written into a directory that is not ours.
  const dataDirLock = await openDataDir(args.dataDir, { log });
  let access: AccessControl;
  try {
    // The cookie key lives in the data directory, so a browser stays logged in across restarts.
    access = new AccessControl(await obtainAccessToken(args.tokenFile), { cookieKey: await obtainLoginKey(join(args.dataDir, 'login-key')) });
  } catch (error) {
    await dataDirLock.release();
    throw error;
  }
  const host = new HostServer({
    access,
    rendererDir: args.rendererDir ?? fileURLToPath(new URL('../renderer/', import.meta.url)),
    port: args.port,
    kiosk: kiosk !== undefined,
  });
  await host.listen();
  let hooks;
  try {
    hooks = args.hooksFile ? await loadHooks(args.hooksFile) : [];
  } catch (error) {
    process.stderr.write(`session-deck-host: ${(error as Error).message}\n`);
    await host.close();
    await dataDirLock.release();
    process.exit(1);
  }
  configureScriptModules({ log, env: process.env });
  const engine = new SessionDeckEngine({
    sessionsFile: args.config,
    dataDir: args.dataDir,
    dataDirLock,
    user: userInfo().username,
    userGroups: await currentUserGroups(),
    env: process.env,
    allowedOrigins: host.origins,
    shareOrigin: async () => host.origins[0]!,
    settingsStore: fileSettingsStore(join(args.dataDir, 'settings.json')),
    secretStore: encryptedFileSecretStore(args.dataDir),
    hooks,
    ...(kiosk ? { kiosk } : {}),
    ...(args.bridgePort ? { bridgePort: args.bridgePort } : {}),
    log,
    version: await packageVersion(),
  });
  try {
    await engine.start();
  } catch (error) {
    process.stderr.write(`session-deck-host: ${(error as Error).message}\n`);
    await engine.close();
    await host.close();
    process.exit(1);
  }
  host.attach(engine, engine.bridgePort, engine.shares);

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const running = (await engine.listSessions().catch(() => [])).filter((session) => !isFinalState(session.state)).length;
    const what = running ? `stopping ${running} session${running === 1 ? '' : 's'}` : 'no session running, stopping';
    process.stdout.write(`session-deck-host: ${signal}: ${what}…\n`);
    appWindow?.close();
    await engine.close();
    await closeScriptModules(); // the runner processes of users' script modules
    await host.close();
    process.stdout.write('session-deck-host: stopped\n');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  process.stdout.write(
    `Session Deck is ready at http://127.0.0.1:${host.port}/\n` +
      `Open this link to log in (it works once, within ${Math.round(access.loginCodeTtlMs / 60_000)} minutes): ${host.loginUrl()}\n` +
      `Access token (for the login page's form, or Authorization: Bearer <token>; never in a link): in ${args.tokenFile}\n` +
      (kiosk ? `Kiosk screen (no login; the admin chord Ctrl+Alt+Shift+F12 asks for the PIN): http://127.0.0.1:${host.port}/kiosk\n` : ''),
  );
  // No await since the handlers above were set, so they never see it uninitialised.
  const appWindow = openAppWindow({
    open: args.open,
    loginUrl: () => host.loginUrl(),
    dataDir: args.dataDir,
    env: process.env,
    log: (line) => process.stdout.write(`session-deck-host: ${line}\n`),
  });
}

/** `--hash-pin`: the PIN comes on standard input (an argument would show in /proc to every user). */
async function printPinHash(): Promise<void> {
  if (process.stdin.isTTY) process.stderr.write('PIN (4 to 64 characters), then Enter: ');
  try {
    process.stdout.write(`${await hashPinFromInput(process.stdin)}\n`);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`session-deck-host: --hash-pin: ${(error as Error).message}\n`);
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  // A refusal is for the person who started the host: its message, not a stack.
  const text = error instanceof StartupRefusal ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`session-deck-host: ${text}\n`);
  process.exit(1);
});
