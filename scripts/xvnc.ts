// Built-in script: TigerVNC's Xvnc, started directly (no vncserver wrapper, no ~/.vnc).
// Slot index i uses display `display_base + i` and RFB port 5900 + display, on loopback only,
// with VncAuth against the session's fresh password and a private X authority file.
import { join } from 'node:path';
import type { RealizeServiceArgs, ScriptProcess, SessionService, StartOptions } from './api';
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

export function realizeService({ name, index, commonOptions, setHostPort }: RealizeServiceArgs): SessionService {
  const { displayBase, command, depth } = readOptions(commonOptions);
  const display = displayBase + index;
  const port = RFB_BASE_PORT + display;
  let server: ScriptProcess | undefined;
  let desktop: ScriptProcess | undefined;

  const busyReason = () => slotBusyReason(display, LOOPBACK, port);

  return {
    probe: busyReason,

    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      const { session } = options;
      const busy = await busyReason();
      if (busy) throw new Error(busy);

      const xauthority = join(session.scratchDir, 'Xauthority');
      await writeXAuthority(xauthority, display);
      server = session.spawn('Xvnc', [
        `:${display}`,
        '-rfbport', String(port),
        '-interface', LOOPBACK,
        '-localhost',
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
      session.log(`Xvnc on display :${display}, port ${port}, ${options.size}`);
      await session.waitForRfb(LOOPBACK, port);
      setHostPort(LOOPBACK, port);

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
