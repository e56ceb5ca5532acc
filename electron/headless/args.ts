// Command-line arguments of the headless host.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HostArgs {
  config: string;
  port: number;
  dataDir: string;
  /** Where the access token is read from (or written to): --token-file, else <data dir>/access-token. */
  tokenFile: string;
  rendererDir?: string;
  /** Fixed port for the viewer bridge (e.g. to forward it through an SSH tunnel); default: any free one. */
  bridgePort?: number;
  /** Event hooks file (JSON array of { command, events, timeoutMs? }). */
  hooksFile?: string;
}

export const USAGE = `Usage: session-deck-host --config FILE [--port N] [--bridge-port N] [--data-dir DIR] [--token-file FILE] [--hooks FILE]

  --config FILE      the sessions file (session types; see README)
  --port N           port on 127.0.0.1 (default 8765; 0 picks a free one)
  --bridge-port N    port of the viewer bridge on 127.0.0.1 (default: a free one)
  --data-dir DIR     private state (default $XDG_DATA_HOME/session-deck or ~/.local/share/session-deck)
  --token-file FILE  read the access token from FILE, or write a fresh one there (mode 0600) if it is
                     missing (default: DATA_DIR/access-token)
  --hooks FILE       event hooks: a JSON array of {"command", "events", "timeoutMs"?}
`;

export class UsageError extends Error {}

export function parseHostArgs(argv: readonly string[], env: NodeJS.ProcessEnv): HostArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    const [name, inline] = flag.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!['--config', '--port', '--bridge-port', '--data-dir', '--token-file', '--renderer-dir', '--hooks'].includes(name)) {
      throw new UsageError(`unknown option ${flag}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  const config = values.get('--config');
  if (!config) throw new UsageError('--config FILE is required');
  const portOf = (flag: string, fallback: string): number => {
    const text = values.get(flag) ?? fallback;
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`${flag}: expected 0-65535, found ${text}`);
    return port;
  };
  const port = portOf('--port', '8765');
  const bridgePort = portOf('--bridge-port', '0');
  const hooksFile = values.get('--hooks');
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  const tokenFile = values.get('--token-file');
  const rendererDir = values.get('--renderer-dir');
  const dataDir = resolve(values.get('--data-dir') ?? join(dataHome, 'session-deck'));
  return {
    config: resolve(config),
    port,
    dataDir,
    tokenFile: tokenFile ? resolve(tokenFile) : join(dataDir, 'access-token'),
    ...(rendererDir ? { rendererDir: resolve(rendererDir) } : {}),
    ...(bridgePort ? { bridgePort } : {}),
    ...(hooksFile ? { hooksFile: resolve(hooksFile) } : {}),
  };
}
