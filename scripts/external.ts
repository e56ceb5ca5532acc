// Built-in script: a VNC server that is already running and that Session Deck neither starts nor
// stops (a server the user runs, a VM's console, ...). start() checks that options.host /
// options.port answers as a VNC server and tells the app where it is; stop() leaves it alone.
//
// host must be a loopback address (127.0.0.0/8, ::1, "localhost") unless options.allow_remote is
// true: the bridge would otherwise relay viewers to another machine in clear text.
//
// Passwords: the server authenticates viewers itself, against its own password; the session's
// fresh password means nothing to it. With options.password_secret naming a password the user
// saved in Session Deck (Settings > Saved secrets), that password is handed to viewers instead
// (session.setViewerPassword), so the app's viewer gets in. Without it, viewers are offered the
// fresh password, which a VncAuth server refuses: then only a server without VNC authentication
// (security type None) works in the app's viewer, and any local user can reach such a server
// directly. The saved password is not checked at start (that would need the VncAuth exchange
// here); a wrong one shows as "Authentication failed" in the viewer. It is never logged.
//
// The app owns no process of this session, so it notices that the server went away by checking
// that it still answers (the registry's sweep), not by an exit.
import type { RealizeServiceArgs, SessionService, StartOptions } from './api';
import { booleanOption, integerOption, settle, stringOption } from './lib/options';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_TIMEOUT_MS = 5_000;

export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare) || /^::ffff:127(\.\d{1,3}){3}$/.test(bare);
}

function readOptions(common: Readonly<Record<string, unknown>>) {
  const host = stringOption(common, 'host') ?? DEFAULT_HOST;
  if (common.port === undefined) throw new Error('options.port: the port of the running VNC server is required');
  const port = integerOption(common, 'port', 0, 1, 65_535);
  const allowRemote = booleanOption(common, 'allow_remote', false);
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new Error(
      `options.host: ${JSON.stringify(host)} is not a loopback address; viewers would reach it unencrypted ` +
        'through the bridge. Set options.allow_remote to true to allow it.',
    );
  }
  const timeoutMs = integerOption(common, 'timeout_ms', DEFAULT_TIMEOUT_MS, 100, 120_000);
  const passwordSecret = stringOption(common, 'password_secret');
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port, timeoutMs, passwordSecret };
}

export function realizeService({ commonOptions, setHostPort }: RealizeServiceArgs): SessionService {
  const config = settle(() => readOptions(commonOptions));

  return {
    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const { host, port, timeoutMs, passwordSecret } = config.value;
      const { session } = options;
      session.log(`external VNC server at ${host}:${port}; it keeps its own size and password`);
      if (passwordSecret !== undefined) {
        const password = await session.secret(passwordSecret);
        if (password === undefined) {
          throw new Error(`options.password_secret: no saved password named "${passwordSecret}" (save it in Settings > Saved secrets)`);
        }
        session.setViewerPassword(password);
        session.log(`viewers get the saved password "${passwordSecret}"`);
      }
      const banner = await session.waitForRfb(host, port, timeoutMs);
      session.log(`${host}:${port} answers ${banner}`);
      setHostPort(host, port);
      return true;
    },

    async stop(): Promise<void> {
      // Not ours: nothing to stop.
    },
  };
}
