// Built-in script: a VNC server that is already running and that Session Deck neither starts nor
// stops (a server the user runs, a VM's console, ...). start() checks that options.host /
// options.port answers as a VNC server and tells the app where it is; stop() leaves it alone.
//
// host must be a loopback address (127.0.0.0/8, ::1, "localhost") unless options.allow_remote is
// true: the bridge would otherwise relay viewers to another machine in clear text.
//
// Passwords: the server authenticates viewers itself, against its own password, and the session's
// fresh password means nothing to it. Session Deck hands viewers that fresh password, so its own
// viewer is refused by a VncAuth server ("Authentication failed"); only a viewer that lets the user
// type the server's password gets in. In practice this script suits servers without VNC
// authentication (security type None) that listen on loopback: Session Deck's viewers still need
// a ticket for the session, but note that any local user can reach such a server directly.
// Handing the server's own password to viewers (say from an options.password_file in vncpasswd
// format) needs a way for a script to set its session's viewer password, which the script API
// does not have; it is left out rather than faked.
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
  return { host: host.replace(/^\[(.*)\]$/, '$1'), port, timeoutMs };
}

export function realizeService({ commonOptions, setHostPort }: RealizeServiceArgs): SessionService {
  const config = settle(() => readOptions(commonOptions));

  return {
    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const { host, port, timeoutMs } = config.value;
      const { session } = options;
      session.log(`external VNC server at ${host}:${port}; it keeps its own size and password`);
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
