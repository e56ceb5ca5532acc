// Where a session's VNC server listens: a TCP address, or a Unix socket that only the bridge (the
// same user, through the session's 0700 scratch directory) can reach, so nobody else can connect to
// the server at all, let alone get the bridge banned by its connection blacklist.

/** `kind` may be left out of a TCP target: what callers and files from before Unix sockets pass. */
export type TcpTarget = { kind?: 'tcp'; host: string; port: number };
export type UnixTarget = { kind: 'unix'; path: string };
export type VncTarget = TcpTarget | UnixTarget;

/** The longest path a Unix socket address holds on Linux (sun_path is 108 bytes, NUL included). */
export const MAX_SOCKET_PATH_BYTES = 107;

export const tcpTarget = (host: string, port: number): VncTarget => {
  if (typeof host !== 'string' || host.trim() === '') throw new Error(`setHostPort: expected a host name or address, found ${JSON.stringify(host)}`);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`setHostPort: expected a port from 1 to 65535, found ${JSON.stringify(port)}`);
  return { kind: 'tcp', host, port };
};

export const unixTarget = (path: string): VncTarget => {
  if (typeof path !== 'string' || !path.startsWith('/')) throw new Error(`setUnixSocket: expected an absolute path, found ${JSON.stringify(path)}`);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) throw new Error(`setUnixSocket: ${path} is longer than a Unix socket path may be (${MAX_SOCKET_PATH_BYTES} bytes)`);
  return { kind: 'unix', path };
};

/** host:port, or the socket's path: for messages and logs. */
export const describeTarget = (target: VncTarget): string => (target.kind !== 'unix' ? `${target.host}:${target.port}` : target.path);

/** The address as net.connect() takes it. */
export const connectAddress = (target: VncTarget): { host: string; port: number } | { path: string } =>
  target.kind !== 'unix' ? { host: target.host, port: target.port } : { path: target.path };

/** A target as recorded: files written before Unix sockets hold { host, port } without a kind. */
export function readTarget(value: unknown): VncTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as { kind?: unknown; host?: unknown; port?: unknown; path?: unknown };
  if (raw.kind === 'unix') return typeof raw.path === 'string' ? { kind: 'unix', path: raw.path } : undefined;
  if ((raw.kind === 'tcp' || raw.kind === undefined) && typeof raw.host === 'string' && typeof raw.port === 'number') {
    return { kind: 'tcp', host: raw.host, port: raw.port };
  }
  return undefined;
}

/** What an audit record says about where the server listened. */
export const targetDetails = (target: VncTarget): { host: string; port: number } | { socket: string } =>
  target.kind !== 'unix' ? { host: target.host, port: target.port } : { socket: target.path };
