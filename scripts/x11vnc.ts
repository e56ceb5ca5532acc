// Built-in script: x11vnc, either on a fresh Xvfb of the session's own, or attached to a display
// that already exists (options.display, e.g. ":0": the user's own desktop).
//
// - Fresh (default): Xvfb on display `display_base + index` with the chosen size, no X11 over TCP
//   and a private X authority file, like the xvnc script; x11vnc serves it; options.command runs
//   inside it. Both are session processes: either one exiting ends the session.
// - Attached: only x11vnc is started, with options.xauthority (or the app's XAUTHORITY) to open
//   the display. The display is never started, locked or killed by the session. Its size is what
//   it is: x11vnc cannot resize the desktop it mirrors (unlike Xvnc, it is not the X server), so
//   the chosen size does not apply, and viewers' resize requests are refused.
//
// Either way x11vnc listens on a Unix socket in the session's scratch directory only (-unixsock,
// with -rfbport 0 -rfbportv6 -1: no TCP port; -localhost would refuse the socket's clients), or,
// where that path would be too long, on 127.0.0.1 (and ::1) only (-localhost), port
// 5900 + display_base + index; with VncAuth against the session's password file (-rfbauth),
// serves any number of viewers (-shared) for as long as the session runs (-forever), ignores
// ~/.x11vncrc (-norc). It is slow to its first frame (it polls the screen), so readiness is its
// RFB banner, not its port.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { RealizeServiceArgs, ScriptProcess, SessionService, StartOptions } from './api';
import { hasDesktopOptions, readDesktopOptions, startDesktop, stopDesktop } from './lib/desktop';
import { integerOption, settle, stringOption } from './lib/options';
import { announce, describeListen, rfbListen, waitForServer } from './lib/rfb-socket';
import { slotBusyReason } from './lib/slot-probe';
import { writeXAuthority, xSocketFile } from './lib/x-display';
import { waitForXServer } from './lib/x-server';

const RFB_BASE_PORT = 5900;
const LOOPBACK = '127.0.0.1';
const XVFB_READY_TIMEOUT_MS = 10_000;

function readOptions(common: Readonly<Record<string, unknown>>) {
  const display = stringOption(common, 'display');
  if (display !== undefined && !/^:\d+(\.\d+)?$/.test(display)) {
    throw new Error(`options.display: expected a local X display such as ":0", found ${JSON.stringify(display)}`);
  }
  const desktop = readDesktopOptions(common);
  if (display !== undefined && hasDesktopOptions(desktop)) {
    throw new Error('options.command and options.desktop run in a fresh Xvfb only; the attached display runs its own programs');
  }
  return {
    displayBase: integerOption(common, 'display_base', 100, 0, 59_000),
    depth: integerOption(common, 'depth', 24, 8, 32),
    attachTo: display,
    xauthority: stringOption(common, 'xauthority'),
    desktop,
  };
}

/** The display number of ":N" or ":N.S". */
const displayNumber = (display: string): number => Number(display.slice(1).split('.')[0]);

export function realizeService({ name, index, commonOptions, setHostPort, setUnixSocket }: RealizeServiceArgs): SessionService {
  const config = settle(() => readOptions(commonOptions));
  const slotDisplay = (config.value?.displayBase ?? 0) + index;
  const port = RFB_BASE_PORT + slotDisplay;
  // Attached sessions start no X server; the port matters only where x11vnc has to listen on TCP.
  const ownDisplay = config.value?.attachTo === undefined ? slotDisplay : undefined;
  let xvfb: ScriptProcess | undefined;
  let x11vnc: ScriptProcess | undefined;
  let desktop: ScriptProcess[] = [];

  return {
    probe: () => (config.value ? slotBusyReason(ownDisplay) : Promise.resolve(undefined)),

    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const { depth, attachTo } = config.value;
      const { session } = options;
      const listen = rfbListen(session.scratchDir, LOOPBACK, port);
      const busy = await slotBusyReason(ownDisplay, listen.kind === 'tcp' ? listen : undefined);
      if (busy) throw new Error(busy);

      let display: string;
      // Attached to an existing display: its X authority is the app's unless the options name one
      // (session processes do not inherit the app's environment, so it is passed explicitly).
      let xauthority = config.value.xauthority ?? (attachTo !== undefined ? process.env.XAUTHORITY : undefined);
      if (attachTo === undefined) {
        display = `:${slotDisplay}`;
        xauthority = join(session.scratchDir, 'Xauthority');
        await writeXAuthority(xauthority, slotDisplay);
        xvfb = session.spawn('Xvfb', [display, '-screen', '0', `${options.size}x${depth}`, '-nolisten', 'tcp', '-auth', xauthority]);
        session.log(`Xvfb on display ${display}, ${options.size}`);
        await waitForXServer(slotDisplay, XVFB_READY_TIMEOUT_MS, session.signal);
      } else {
        display = attachTo;
        const socket = xSocketFile(displayNumber(attachTo));
        if (!(await access(socket).then(() => true, () => false))) {
          throw new Error(`no X server on display ${attachTo} (${socket} does not exist)`);
        }
        session.log(`attaching to the existing display ${attachTo}; it keeps its own size (x11vnc cannot resize it)`);
      }

      x11vnc = session.spawn('x11vnc', [
        '-display', display,
        ...(xauthority ? ['-auth', xauthority] : []),
        ...(listen.kind === 'unix' ? ['-unixsock', listen.path, '-rfbport', '0', '-rfbportv6', '-1'] : ['-rfbport', String(port), '-localhost']),
        '-rfbauth', session.passwordFile,
        '-forever',
        '-shared',
        '-norc',
        '-noxdamage', // XDAMAGE on Xvfb and some drivers misses updates; polling is reliable
        '-desktop', name,
        '-quiet',
      ]);
      session.log(`x11vnc on display ${display}, ${describeListen(listen)}`);
      await waitForServer(listen, session);
      announce(listen, { setHostPort, setUnixSocket });

      desktop = await startDesktop(session, config.value.desktop, { DISPLAY: display, ...(xauthority ? { XAUTHORITY: xauthority } : {}) });
      return true;
    },

    async stop(): Promise<void> {
      // Desktop programs, then the VNC server, then the X server they both use. An attached
      // display was never ours: only x11vnc goes.
      await stopDesktop(desktop);
      await x11vnc?.terminate();
      await xvfb?.terminate();
      desktop = [];
      x11vnc = undefined;
      xvfb = undefined;
    },
  };
}
