// The command lines of the X and VNC servers the built-in scripts start, the same on this machine
// and on a session's host: only the paths (scratch directory, password file) differ.
import { TIGERVNC_NO_BLACKLIST, type RfbListen } from './rfb-socket';

export const LOOPBACK = '127.0.0.1';

export interface XServerArgs {
  display: number;
  listen: RfbListen;
  passwordFile: string;
  xauthority: string;
  size: string;
  depth: number;
  /** The desktop's name (the session type's). */
  name: string;
}

/** TigerVNC's Xvnc: VncAuth, a private X authority, no X11 over TCP, resizable by viewers. */
export function xvncArgs(o: XServerArgs): string[] {
  return [
    `:${o.display}`,
    ...(o.listen.kind === 'unix'
      ? ['-rfbport', '-1', '-rfbunixpath', o.listen.path, '-rfbunixmode', '0600']
      : ['-rfbport', String(o.listen.port), '-interface', LOOPBACK, '-localhost']),
    ...TIGERVNC_NO_BLACKLIST,
    '-SecurityTypes', 'VncAuth',
    '-rfbauth', o.passwordFile,
    '-auth', o.xauthority,
    '-nolisten', 'tcp',
    '-geometry', o.size,
    '-depth', String(o.depth),
    '-desktop', o.name,
    '-AlwaysShared',
    '-AcceptSetDesktopSize',
  ];
}

/** Xvfb for x11vnc: the chosen size, no X11 over TCP, a private X authority. */
export const xvfbArgs = (o: Pick<XServerArgs, 'display' | 'size' | 'depth' | 'xauthority'>): string[] => [
  `:${o.display}`,
  '-screen', '0', `${o.size}x${o.depth}`,
  '-nolisten', 'tcp',
  '-auth', o.xauthority,
];

/**
 * x11vnc on a display: a Unix socket only (-rfbport 0 -rfbportv6 -1: no TCP port; -localhost would
 * refuse the socket's clients) or loopback TCP, VncAuth, any number of viewers for as long as the
 * session runs, no ~/.x11vncrc.
 */
export function x11vncArgs(o: { display: string; xauthority: string | undefined; listen: RfbListen; passwordFile: string; name: string }): string[] {
  return [
    '-display', o.display,
    ...(o.xauthority ? ['-auth', o.xauthority] : []),
    ...(o.listen.kind === 'unix' ? ['-unixsock', o.listen.path, '-rfbport', '0', '-rfbportv6', '-1'] : ['-rfbport', String(o.listen.port), '-localhost']),
    '-rfbauth', o.passwordFile,
    '-forever',
    '-shared',
    '-norc',
    '-noxdamage', // XDAMAGE on Xvfb and some drivers misses updates; polling is reliable
    '-desktop', o.name,
    '-quiet',
  ];
}
