// Command-line arguments of the Electron app, parsed with node:util's parseArgs: unknown flags are
// refused, `--flag value` and `--flag=value` both work, --help lists every flag. A few Chromium
// switches that Electron itself reads are let through.
import { parseArgs } from 'node:util';

export interface AppArgs {
  config?: string;
  dataDir?: string;
  hooksFile?: string;
  /** Kiosk mode with this profile (kiosk.json). */
  kioskFile?: string;
  /** Read a PIN on standard input, print its hash, quit. */
  hashPin: boolean;
  /** Given by the user: Electron runs without its sandbox. */
  noSandbox: boolean;
  help: boolean;
}

export const APP_USAGE = `Usage: session-deck [--config FILE] [--data-dir DIR] [--hooks FILE] [--kiosk FILE]
       session-deck --hash-pin < pin.txt

  --config FILE    the sessions file (default: the file CEI_NEXUS_REMOTE_CONFIG names, as for Nexus;
                   else sessions.json in the data directory, copied from the example)
  --data-dir DIR   the app's data directory (default: ~/.config/Session Deck)
  --hooks FILE     event hooks: a JSON array of {"command", "events", "timeoutMs"?}
  --kiosk FILE     kiosk mode with this profile (kiosk.json): only its session, full screen; the admin
                   chord Ctrl+Alt+Shift+F12 asks for the PIN that leaves kiosk mode
  --hash-pin       read an admin PIN on standard input, print its hash for kiosk.json's pinHash
  --help, -h       show this help
Chromium switches that are passed on: --no-sandbox, --disable-gpu, --enable-logging, --ozone-platform=X,
  --remote-debugging-port=N, --inspect[=N]
`;

const OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  hooks: { type: 'string' },
  kiosk: { type: 'string' },
  'hash-pin': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  // Read by Chromium or Node inside Electron, not by the app.
  'no-sandbox': { type: 'boolean' },
  'disable-gpu': { type: 'boolean' },
  'enable-logging': { type: 'boolean' },
  'ozone-platform': { type: 'string' },
  'remote-debugging-port': { type: 'string' },
  inspect: { type: 'string' },
} as const;

export class AppUsageError extends Error {}

/** The app's own arguments: everything after the entry script (dev) or the executable (packaged). */
export function appArgv(argv: readonly string[], defaultApp: boolean): string[] {
  if (!defaultApp) return argv.slice(1);
  const script = argv.findIndex((arg, i) => i > 0 && !arg.startsWith('-'));
  return script < 0 ? [] : argv.slice(script + 1);
}

/** Nexus (Ansys Dynamic Reporting) names its remote-session file in this variable: used without --config. */
export const NEXUS_CONFIG_VARIABLE = 'CEI_NEXUS_REMOTE_CONFIG';

export function parseAppArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): AppArgs {
  let values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new AppUsageError(`unknown option ${flag}`);
    if (/argument missing|ambiguous/.test(message)) throw new AppUsageError(`${flag} needs a value`);
    throw new AppUsageError(message.split('\n')[0]);
  }
  for (const name of ['config', 'data-dir', 'hooks', 'kiosk'] as const) {
    if (values[name] === '') throw new AppUsageError(`--${name} needs a value`);
  }
  const config = values.config ?? (env[NEXUS_CONFIG_VARIABLE] || undefined);
  return {
    ...(config ? { config } : {}),
    ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}),
    ...(values.hooks ? { hooksFile: values.hooks } : {}),
    ...(values.kiosk ? { kioskFile: values.kiosk } : {}),
    hashPin: values['hash-pin'] ?? false,
    noSandbox: values['no-sandbox'] ?? false,
    help: values.help ?? false,
  };
}
