// Command-line arguments of the headless host.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HostArgs {
  config: string;
  port: number;
  dataDir: string;
  tokenFile?: string;
  rendererDir?: string;
}

export const USAGE = `Usage: session-deck-host --config FILE [--port N] [--data-dir DIR] [--token-file FILE]

  --config FILE      the sessions file (session types; see README)
  --port N           port on 127.0.0.1 (default 8765; 0 picks a free one)
  --data-dir DIR     private state (default $XDG_DATA_HOME/session-deck or ~/.local/share/session-deck)
  --token-file FILE  read the access token from FILE, or write a fresh one there (mode 0600) if it is missing
`;

export class UsageError extends Error {}

export function parseHostArgs(argv: readonly string[], env: NodeJS.ProcessEnv): HostArgs {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') throw new UsageError('');
    const [name, inline] = flag.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!['--config', '--port', '--data-dir', '--token-file', '--renderer-dir'].includes(name)) {
      throw new UsageError(`unknown option ${flag}`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
    values.set(name, value);
  }
  const config = values.get('--config');
  if (!config) throw new UsageError('--config FILE is required');
  const portText = values.get('--port') ?? '8765';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: expected 0-65535, found ${portText}`);
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  const tokenFile = values.get('--token-file');
  const rendererDir = values.get('--renderer-dir');
  return {
    config: resolve(config),
    port,
    dataDir: resolve(values.get('--data-dir') ?? join(dataHome, 'session-deck')),
    ...(tokenFile ? { tokenFile: resolve(tokenFile) } : {}),
    ...(rendererDir ? { rendererDir: resolve(rendererDir) } : {}),
  };
}
