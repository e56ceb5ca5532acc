// Where a built-in script's VNC server listens. Preferably a Unix socket in the session's 0700
// scratch directory: only Session Deck (the same user, the bridge) can reach it, so no local user
// can connect to the server, nor get the bridge banned by TigerVNC's connection blacklist. A data
// directory so deep that the socket path would not fit in a socket address (107 bytes) leaves the
// server on TCP 127.0.0.1 instead.
import { join } from 'node:path';

const MAX_SOCKET_PATH_BYTES = 107;

export type RfbListen = { kind: 'unix'; path: string } | { kind: 'tcp'; host: string; port: number };

/** The session's RFB socket, or TCP host:port when the socket path would be too long. */
export function rfbListen(scratchDir: string, host: string, port: number): RfbListen {
  const path = join(scratchDir, 'rfb.sock');
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES ? { kind: 'unix', path } : { kind: 'tcp', host, port };
}

/**
 * TigerVNC marks an address at every connection it accepts until one authenticates, and bans it
 * after BlacklistThreshold marks (default 5, for 10 s, doubling). Every viewer comes through the
 * bridge from one address (127.0.0.1, or the socket's own path), so any ban locks them all out: a
 * threshold no count of connections reaches. Guessing the session's random password is no
 * practical way in (VncAuth, 8 random characters).
 */
export const TIGERVNC_NO_BLACKLIST = ['-BlacklistThreshold', '2147483647'];

/** Tells the app where the server listens (setUnixSocket or setHostPort). */
export function announce(listen: RfbListen, api: { setHostPort(host: string, port: number): void; setUnixSocket(path: string): void }): void {
  if (listen.kind === 'unix') api.setUnixSocket(listen.path);
  else api.setHostPort(listen.host, listen.port);
}

/** Waits for the server's RFB banner where it listens. */
export function waitForServer(listen: RfbListen, session: { waitForRfb(host: string, port: number): Promise<string>; waitForRfb(path: string): Promise<string> }): Promise<string> {
  return listen.kind === 'unix' ? session.waitForRfb(listen.path) : session.waitForRfb(listen.host, listen.port);
}

export const describeListen = (listen: RfbListen): string => (listen.kind === 'unix' ? `socket ${listen.path}` : `port ${listen.port}`);
