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
//
// On another machine (options.host) the same happens there: Xvfb on a free display of the host
// (display_base + index first, held ones skipped) or the display options.display names there
// (with options.xauthority a file on the host), x11vnc on a socket in the session's private
// directory there, forwarded to the local scratch directory.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { RealizeServiceArgs, ScriptProcess, SessionHost, SessionResources, SessionService, StartOptions } from './api';
import { hasDesktopOptions, readDesktopOptions, startDesktop, stopDesktop } from './lib/desktop';
import { integerOption, settle, stringOption } from './lib/options';
import { announce, describeListen, rfbListen, waitForServer } from './lib/rfb-socket';
import {
  displayCandidates,
  pickRemoteDisplay,
  quote,
  remoteSocket,
  requirePrograms,
  runsOnHost,
  serveThroughForward,
  startRemoteDesktop,
  waitForRemoteX,
  X11VNC,
  XVFB,
} from './lib/remote-x';
import { LOOPBACK, x11vncArgs, xvfbArgs } from './lib/server-args';
import { remoteDisplaysBusyReason } from './lib/remote-slot-probe';
import { slotBusyReason } from './lib/slot-probe';
import { writeXAuthority, xSocketFile } from './lib/x-display';
import { waitForXServer } from './lib/x-server';

const RFB_BASE_PORT = 5900;
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

export function realizeService({ name, count, index, commonOptions, setHostPort, setUnixSocket }: RealizeServiceArgs): SessionService {
  const config = settle(() => readOptions(commonOptions));
  const slotDisplay = (config.value?.displayBase ?? 0) + index;
  const port = RFB_BASE_PORT + slotDisplay;
  // Attached sessions start no X server; the port matters only where x11vnc has to listen on TCP.
  const ownDisplay = config.value?.attachTo === undefined ? slotDisplay : undefined;
  let xvfb: ScriptProcess | undefined;
  let x11vnc: ScriptProcess | undefined;
  let desktop: ScriptProcess[] = [];

  return {
    // On another machine the slot is held there only when every display it may try is (an
    // attached session starts no X server, so nothing there can hold it).
    probe: (host) => {
      if (!config.value) return Promise.resolve(undefined);
      if (!runsOnHost(commonOptions)) return slotBusyReason(ownDisplay);
      return host && ownDisplay !== undefined ? remoteDisplaysBusyReason(host, displayCandidates(config.value.displayBase, index, count)) : Promise.resolve(undefined);
    },

    async start(_token: string, _timestamp: number, options: StartOptions): Promise<boolean> {
      if (!config.value) throw config.error;
      const { depth, attachTo } = config.value;
      const { session } = options;
      if (session.host) {
        await startOnHost(session.host, session, { ...config.value, name, candidates: displayCandidates(config.value.displayBase, index, count), size: options.size });
        await serveThroughForward(session.host, session, remoteSocket(session.host), setUnixSocket);
        return true;
      }
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
        xvfb = session.spawn('Xvfb', xvfbArgs({ display: slotDisplay, size: options.size, depth, xauthority }));
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

      x11vnc = session.spawn('x11vnc', x11vncArgs({ display, xauthority, listen, passwordFile: session.passwordFile, name }));
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

/**
 * x11vnc on the session's host, on a socket in its private directory there: on a fresh Xvfb
 * there (with the desktop options), or attached to a display that exists there. Everything
 * started there is the session's (ended with it by the app).
 */
async function startOnHost(
  host: SessionHost,
  session: SessionResources,
  o: ReturnType<typeof readOptions> & { name: string; candidates: number[]; size: string },
): Promise<void> {
  const listen = remoteSocket(host);
  const startX11vnc = (display: string, xauthority: string | undefined) =>
    host.spawn(`exec x11vnc ${x11vncArgs({ display, xauthority, listen, passwordFile: host.passwordFile, name: o.name }).map(quote).join(' ')}`, { role: 'server', name: 'x11vnc' });
  if (o.attachTo !== undefined) {
    await requirePrograms(host, [X11VNC]);
    const socket = `/tmp/.X11-unix/X${displayNumber(o.attachTo)}`;
    if ((await host.run(`test -S ${quote(socket)}`)).code !== 0) throw new Error(`no X server on display ${o.attachTo} on ${host.destination} (${socket} does not exist there)`);
    session.log(`attaching to the existing display ${o.attachTo} on ${host.destination}; it keeps its own size (x11vnc cannot resize it)`);
    await startX11vnc(o.attachTo, o.xauthority);
    return;
  }
  await requirePrograms(host, [XVFB, X11VNC]);
  const { display, xauthority } = await pickRemoteDisplay(host, o.candidates);
  await host.spawn(`exec Xvfb ${xvfbArgs({ display, size: o.size, depth: o.depth, xauthority }).map(quote).join(' ')}`, { role: 'server', name: 'Xvfb' });
  session.log(`Xvfb on display :${display} on ${host.destination}, ${o.size}`);
  await waitForRemoteX(host, display, XVFB_READY_TIMEOUT_MS);
  await startX11vnc(`:${display}`, xauthority);
  await startRemoteDesktop(host, session, o.desktop, display, xauthority);
}
