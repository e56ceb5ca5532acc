// The HOME a Nexus-style Python script runs with, inside the session's scratch directory. Such a
// script runs `vncserver` as it is, and both wrappers read what they need from HOME: ~/.vnc/passwd
// (the session's fresh password, or a saved one), their own settings file (TigerVNC's
// ~/.vnc/tigervnc.conf, TightVNC's ~/.vnc/tightvncserver.conf: loopback only, VncAuth, no X11 on
// TCP) and ~/.vnc/xstartup. So an unchanged script gets a server that only this machine can reach,
// with a password only Session Deck knows, and the user's own ~/.vnc is never touched.
import { chmod, copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionResources } from '../../../scripts/api';
import { writeVncPasswordFile } from '../vnc/vnc-auth';

/** What the xstartup runs: the type's options.command, if any, in the background. */
export const COMMAND_VARIABLE = 'SESSION_DECK_COMMAND';

// Both wrappers end (TigerVNC: kill) the desktop when xstartup exits: it stays until the session ends.
const XSTARTUP = `#!/bin/sh
# Written by Session Deck: runs the session type's "command" option, then keeps the desktop open.
if [ -n "$${COMMAND_VARIABLE}" ]; then /bin/sh -c "$${COMMAND_VARIABLE}" & fi
exec sleep infinity
`;

const TIGERVNC_CONF = `# Written by Session Deck: loopback only, the password in ~/.vnc/passwd.
$localhost = "yes";
$SecurityTypes = "VncAuth";
`;

/** TightVNC puts $authType into a shell command line as it is: the path goes in single quotes. */
function tightvncConf(passwd: string): string {
  if (/['{}\\]/.test(passwd)) throw new Error(`the session's directory ${passwd} holds a quote, brace or backslash, which TightVNC's settings file cannot carry`);
  return `# Written by Session Deck: loopback only, no X11 over TCP, the session's password.\n$authType = q{-rfbauth '${passwd}' -localhost -nolisten tcp};\n`;
}

export interface PythonHome {
  home: string;
  tmp: string;
  /** The password the server is to check, and its file (~/.vnc/passwd). */
  password: string;
  passwordFile: string;
}

/**
 * Makes the script's HOME. With options.password_secret, ~/.vnc/passwd holds that saved password
 * (a site's fixed one) and viewers are signed in with it; else the session's fresh password.
 */
export async function preparePythonHome(session: SessionResources, commonOptions: Readonly<Record<string, unknown>>): Promise<PythonHome> {
  const home = join(session.scratchDir, 'home');
  const vnc = join(home, '.vnc');
  const tmp = join(session.scratchDir, 'tmp');
  await mkdir(vnc, { recursive: true, mode: 0o700 });
  await mkdir(tmp, { mode: 0o700 });
  const passwd = join(vnc, 'passwd');
  const secretName = commonOptions.password_secret;
  let password = session.password;
  if (typeof secretName === 'string') {
    const saved = await session.secret(secretName);
    if (saved === undefined) throw new Error(`options.password_secret: no saved password named "${secretName}" (save it in Settings > Saved secrets)`);
    password = saved;
    await writeVncPasswordFile(passwd, saved);
    session.setViewerPassword(saved);
  } else {
    await copyFile(session.passwordFile, passwd);
    await chmod(passwd, 0o600);
  }
  await writeFile(join(vnc, 'tigervnc.conf'), TIGERVNC_CONF, { mode: 0o600 });
  await writeFile(join(vnc, 'tightvncserver.conf'), tightvncConf(passwd), { mode: 0o600 });
  // TightVNC reads $HOME/.vncstartup instead when its .vnc lies under /tmp.
  for (const file of [join(vnc, 'xstartup'), join(home, '.vncstartup')]) await writeFile(file, XSTARTUP, { mode: 0o700 });
  return { home, tmp, password, passwordFile: passwd };
}
