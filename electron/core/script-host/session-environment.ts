// The environment a session's processes start with. Not the app's whole environment: variables
// such as WAYLAND_DISPLAY, DBUS_SESSION_BUS_ADDRESS or XDG_SESSION_* point GTK and Qt programs at
// the user's own desktop, so a program started inside a session would open its windows (or talk
// to services) there instead. Only what a program needs to run as the user is passed on (and a
// site's SLURM_CONF, for the slurm script's commands); the
// script adds the session's DISPLAY and XAUTHORITY, and whatever its type's options call for.

/** Passed on from the app's environment when set. */
export const SESSION_ENV_NAMES = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LANGUAGE', 'TZ', 'SLURM_CONF'] as const;

/**
 * Every process of a session inherits this variable with the session's id: a process that left the
 * session's process group (setsid) is still found by it at the end, and nothing without it is ended.
 */
export const SESSION_MARKER = 'SESSION_DECK_SESSION';

/** The marker's NAME=value entry, as /proc/<pid>/environ shows it. */
export const sessionMarkerEntry = (sessionId: string): string => `${SESSION_MARKER}=${sessionId}`;

/** Locale categories (LC_ALL, LC_CTYPE, ...) are passed on too. */
const LOCALE = /^LC_[A-Z_]+$/;

export function sessionEnvironment(appEnv: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(appEnv)) {
    if (value !== undefined && ((SESSION_ENV_NAMES as readonly string[]).includes(name) || LOCALE.test(name))) env[name] = value;
  }
  return env;
}
