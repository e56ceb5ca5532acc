// Command-line arguments of the headless host, parsed with node:util's parseArgs: unknown flags
// are refused, `--flag value` and `--flag=value` both work, --help lists every flag.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

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
  /** Whether to open the UI in a browser window once the host is ready (--no-open: not). */
  open: boolean;
  /** Kiosk mode: the kiosk profile (kiosk.json), served at /kiosk. */
  kioskFile?: string;
}

export const USAGE = `Usage: session-deck-host --config FILE [--port N] [--bridge-port N] [--data-dir DIR] [--token-file FILE]
                         [--hooks FILE] [--renderer-dir DIR] [--no-open] [--kiosk FILE]
       session-deck-host --hash-pin < pin.txt

  --config FILE        the sessions file (session types; see README); default: the file that
                       CEI_NEXUS_REMOTE_CONFIG names, as for Nexus / Ansys Dynamic Reporting
  --port N             port on 127.0.0.1 (default 8765; 0 picks a free one)
  --bridge-port N      port of the viewer bridge on 127.0.0.1 (default: a free one)
  --data-dir DIR       private state (default $XDG_DATA_HOME/session-deck or ~/.local/share/session-deck)
  --token-file FILE    read the access token from FILE, or write a fresh one there (mode 0600) if it is
                       missing (default: DATA_DIR/access-token)
  --hooks FILE         event hooks: a JSON array of {"command", "events", "timeoutMs"?}
  --renderer-dir DIR   serve the UI from DIR instead of the built one next to the host
  --no-open            do not open the UI in a browser window
  --kiosk FILE         kiosk mode with this profile (kiosk.json): the kiosk screen at /kiosk
  --hash-pin           read an admin PIN on standard input, print its hash for kiosk.json's pinHash
  --help, -h           show this help
`;

export class UsageError extends Error {}

const OPTIONS = {
  config: { type: 'string' },
  port: { type: 'string' },
  'bridge-port': { type: 'string' },
  'data-dir': { type: 'string' },
  'token-file': { type: 'string' },
  hooks: { type: 'string' },
  'renderer-dir': { type: 'string' },
  'no-open': { type: 'boolean' },
  kiosk: { type: 'string' },
  'hash-pin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Nexus (Ansys Dynamic Reporting) names its remote-session file in this variable. */
export const NEXUS_CONFIG_VARIABLE = 'CEI_NEXUS_REMOTE_CONFIG';

/** parseArgs' own errors, reworded for a person at a terminal. */
function parse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${flag}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && /argument missing|ambiguous/.test(message)) throw new UsageError(`${flag.split(' ')[0]} needs a value`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`);
    throw new UsageError(message.split('\n')[0]);
  }
}

/** `--hash-pin`, alone: reads a PIN and prints its hash, nothing else. */
export const wantsPinHash = (argv: readonly string[]): boolean => argv.length === 1 && argv[0] === '--hash-pin';

export function parseHostArgs(argv: readonly string[], env: NodeJS.ProcessEnv): HostArgs {
  const values = parse(argv);
  if (values.help) throw new UsageError('');
  if (values['hash-pin']) throw new UsageError('--hash-pin takes no other option');
  for (const [name, value] of Object.entries(values)) {
    if (value === '') throw new UsageError(`--${name} needs a value`);
  }
  const config = values.config ?? (env[NEXUS_CONFIG_VARIABLE] || undefined);
  if (!config) throw new UsageError(`--config FILE is required (or ${NEXUS_CONFIG_VARIABLE} naming the sessions file)`);
  const portOf = (flag: 'port' | 'bridge-port', fallback: string): number => {
    const text = values[flag] ?? fallback;
    const port = Number(text);
    if (!/^\d+$/.test(text) || port > 65535) throw new UsageError(`--${flag}: expected 0-65535, found ${text}`);
    return port;
  };
  const port = portOf('port', '8765');
  const bridgePort = portOf('bridge-port', '0');
  const dataHome = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  const dataDir = resolve(values['data-dir'] ?? join(dataHome, 'session-deck'));
  const { hooks, kiosk, 'token-file': tokenFile, 'renderer-dir': rendererDir } = values;
  return {
    config: resolve(config),
    port,
    dataDir,
    tokenFile: tokenFile ? resolve(tokenFile) : join(dataDir, 'access-token'),
    ...(rendererDir ? { rendererDir: resolve(rendererDir) } : {}),
    ...(bridgePort ? { bridgePort } : {}),
    ...(hooks ? { hooksFile: resolve(hooks) } : {}),
    open: !values['no-open'],
    ...(kiosk ? { kioskFile: resolve(kiosk) } : {}),
  };
}
