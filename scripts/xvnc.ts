// Built-in script: TigerVNC's Xvnc, started directly (no vncserver wrapper, no ~/.vnc).
// Slot index i uses display `display_base + i`. The server listens on a Unix socket in the
// session's scratch directory only (no TCP port: nobody but Session Deck can connect), or, where
// that path would be too long, on RFB port 5900 + display on loopback; either way with VncAuth
// against the session's fresh password, a private X authority file, and no connection blacklist.
import { join } from 'node:path';
import type { RealizeServiceArgs, ScriptProcess, SessionHost, SessionService, StartOptions } from './api';
import { announce, describeListen, rfbListen, waitForServer } from './lib/rfb-socket';
import { readDesktopOptions, startDesktop, stopDesktop } from './lib/desktop';
import { settle } from './lib/options';
import { displayCandidates, pickRemoteDisplay, quote, remoteSocket, requirePrograms, runsOnHost, serveThroughForward, startRemoteDesktop, XVNC } from './lib/remote-x';
import { remoteDisplaysBusyReason } from './lib/remote-slot-probe';
import { LOOPBACK, xvncArgs } from './lib/server-args';
import { slotBusyReason } from './lib/slot-probe';
import { removeStaleDisplayTraces, writeXAuthority } from './lib/x-display';

const DEFAULT_DISPLAY_BASE = 100;
const RFB_BASE_PORT = 5900;

function readOptions(common: Readonly<Record<string, unknown>>) {
  const displayBase = typeof common.display_base === 'number' ? common.display_base : DEFAULT_DISPLAY_BASE;
  const depth = typeof common.depth === 'number' ? common.depth : 24;
  return { displayBase, depth, desktop: readDesktopOptions(common) };
}

export function realizeService({ name, count, index, commonOptions, setHostPort, setUnixSocket }: RealizeServiceArgs): SessionService {
  // A bad option fails the start with its message (rather than making the slot look busy).
  const config = settle(() => readOptions(commonOptions));
  const display = (config.value?.displayBase ?? DEFAULT_DISPLAY_BASE) + index;
  const port = RFB_BASE_PORT + display;
  let server: ScriptProcess | undefined;
  let desktop: ScriptProcess[] = [];

  return {
    // The port matters only where the server has to listen on TCP (known at start). On another
    // machine the slot is held there only when every display it may try is.
    probe: (host) => {
      if (!runsOnHost(commonOptions)) return slotBusyReason(display);
      const displayBase = config.value?.displayBase ?? DEFAULT_DISPLAY_BASE;
      return host ? remoteDisplaysBusyReason(host, displayCandidates(displayBase, index, count)) : Promise.resolve(undefined);
    },

    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const { depth, displayBase } = config.value;
      const { session } = options;
      if (session.host) {
        const { display, xauthority } = await startOnHost(session.host, { name, index, count, displayBase, depth, size: options.size });
        await serveThroughForward(session.host, session, remoteSocket(session.host), setUnixSocket);
        await startRemoteDesktop(session.host, session, config.value.desktop, display, xauthority);
        return true;
      }
      const listen = rfbListen(session.scratchDir, LOOPBACK, port);
      const busy = await slotBusyReason(display, listen.kind === 'tcp' ? { host: LOOPBACK, port } : undefined);
      if (busy) throw new Error(busy);

      const xauthority = join(session.scratchDir, 'Xauthority');
      await writeXAuthority(xauthority, display);
      server = session.spawn('Xvnc', xvncArgs({ display, listen, passwordFile: session.passwordFile, xauthority, size: options.size, depth, name }));
      session.log(`Xvnc on display :${display}, ${describeListen(listen)}, ${options.size}`);
      await waitForServer(listen, session);
      announce(listen, { setHostPort, setUnixSocket });

      desktop = await startDesktop(session, config.value.desktop, { DISPLAY: `:${display}`, XAUTHORITY: xauthority });
      return true;
    },

    async stop(): Promise<void> {
      // Desktop programs first, so they do not complain about a vanished display.
      await stopDesktop(desktop);
      await server?.terminate();
      // A server that was killed (or crashed) could not remove its lock file and socket. (On a
      // host, the app ends what the session started there; the next start removes a stale lock.)
      if (server) await removeStaleDisplayTraces(display);
      desktop = [];
      server = undefined;
    },
  };
}

/**
 * Xvnc on the session's host, listening on a Unix socket in the session's private directory there
 * only (no TCP port at all).
 */
async function startOnHost(
  host: SessionHost,
  o: { name: string; index: number; count: number; displayBase: number; depth: number; size: string },
): Promise<{ display: number; xauthority: string }> {
  await requirePrograms(host, [XVNC]);
  const { display, xauthority } = await pickRemoteDisplay(host, displayCandidates(o.displayBase, o.index, o.count));
  const args = xvncArgs({ display, listen: remoteSocket(host), passwordFile: host.passwordFile, xauthority, size: o.size, depth: o.depth, name: o.name });
  await host.spawn(`exec Xvnc ${args.map(quote).join(' ')}`, { role: 'server', name: 'Xvnc' });
  return { display, xauthority };
}
