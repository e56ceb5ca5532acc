// Built-in script: TigerVNC's Xvnc, started directly (no vncserver wrapper, no ~/.vnc).
// Slot index i uses display `display_base + i`. The server listens on a Unix socket in the
// session's scratch directory only (no TCP port: nobody but Session Deck can connect), or, where
// that path would be too long, on RFB port 5900 + display on loopback; either way with VncAuth
// against the session's fresh password, a private X authority file, and no connection blacklist.
import { join } from 'node:path';
import type { RealizeServiceArgs, ScriptProcess, SessionService, StartOptions } from './api';
import { announce, describeListen, rfbListen, TIGERVNC_NO_BLACKLIST, waitForServer } from './lib/rfb-socket';
import { slotBusyReason } from './lib/slot-probe';
import { removeStaleDisplayTraces, writeXAuthority } from './lib/x-display';

const DEFAULT_DISPLAY_BASE = 100;
const RFB_BASE_PORT = 5900;
const LOOPBACK = '127.0.0.1';

function readOptions(common: Readonly<Record<string, unknown>>) {
  const displayBase = typeof common.display_base === 'number' ? common.display_base : DEFAULT_DISPLAY_BASE;
  const command = typeof common.command === 'string' && common.command.trim() !== '' ? common.command : undefined;
  const depth = typeof common.depth === 'number' ? common.depth : 24;
  return { displayBase, command, depth };
}

export function realizeService({ name, index, commonOptions, setHostPort, setUnixSocket }: RealizeServiceArgs): SessionService {
  const { displayBase, command, depth } = readOptions(commonOptions);
  const display = displayBase + index;
  const port = RFB_BASE_PORT + display;
  let server: ScriptProcess | undefined;
  let desktop: ScriptProcess | undefined;

  return {
    // The port matters only where the server has to listen on TCP (known at start).
    probe: () => slotBusyReason(display),

    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      const { session } = options;
      const listen = rfbListen(session.scratchDir, LOOPBACK, port);
      const busy = await slotBusyReason(display, listen.kind === 'tcp' ? { host: LOOPBACK, port } : undefined);
      if (busy) throw new Error(busy);

      const xauthority = join(session.scratchDir, 'Xauthority');
      await writeXAuthority(xauthority, display);
      server = session.spawn('Xvnc', [
        `:${display}`,
        ...(listen.kind === 'unix'
          ? ['-rfbport', '-1', '-rfbunixpath', listen.path, '-rfbunixmode', '0600']
          : ['-rfbport', String(port), '-interface', LOOPBACK, '-localhost']),
        ...TIGERVNC_NO_BLACKLIST,
        '-SecurityTypes', 'VncAuth',
        '-rfbauth', session.passwordFile,
        '-auth', xauthority,
        '-nolisten', 'tcp',
        '-geometry', options.size,
        '-depth', String(depth),
        '-desktop', name,
        '-AlwaysShared',
        '-AcceptSetDesktopSize',
      ]);
      session.log(`Xvnc on display :${display}, ${describeListen(listen)}, ${options.size}`);
      await waitForServer(listen, session);
      announce(listen, { setHostPort, setUnixSocket });

      if (command) {
        desktop = session.spawn('/bin/sh', ['-c', command], {
          role: 'helper',
          env: { DISPLAY: `:${display}`, XAUTHORITY: xauthority },
        });
        session.log(`started command: ${command}`);
      }
      return true;
    },

    async stop(): Promise<void> {
      // Desktop programs first, so they do not complain about a vanished display.
      await desktop?.terminate();
      await server?.terminate();
      // A server that was killed (or crashed) could not remove its lock file and socket.
      if (server) await removeStaleDisplayTraces(display);
      desktop = undefined;
      server = undefined;
    },
  };
}
