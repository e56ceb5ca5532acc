// An example Session Deck script module, in plain JavaScript: copy it, change it, and point a
// session type at your copy by path (relative to the sessions file):
//
//   "Clock": {
//     "script": "./example-script.mjs",
//     "count": 2,
//     "options": { "sizes": ["800x600"], "display_base": 200, "program": "xclock -update 1" }
//   }
//
// It starts TigerVNC's Xvnc on display `display_base + index` (one display per slot, so slots
// never collide), waits until Xvnc answers as a VNC server, tells Session Deck where it listens,
// and then runs `options.program` inside the display. It imports nothing from Session Deck:
// everything it uses is handed to it (the types are documented in Session Deck's
// scripts/api.ts). Node's own modules are fine to use.
//
// The contract, in short:
// - realizeService({ name, count, index, commonOptions, setHostPort }) is called once per slot
//   and returns { start, stop } (and optionally probe).
// - start(token, timestamp, options) resolves true once the server accepts viewers, after
//   setHostPort(host, port); false or a throw fails the session, and the thrown message (plus the
//   tail of the session log) is shown to the user. options = { size, width, height, user, session }.
// - stop() runs exactly once after every start, whatever ended the session (also after a failed
//   start). Afterwards Session Deck ends any process the session still owns and removes its
//   scratch directory, so stop() can be short; it exists to stop things in a sensible order.
// - With "host": "n8" in the type's options, Session Deck connects to that machine over SSH first
//   and hands the module session.host: run(), spawn() and forward() there (see startOnHost below).
//   Everything spawned there is ended, and its directory there removed, when the session ends.
import { randomBytes } from 'node:crypto';
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOOPBACK = '127.0.0.1';

/** Whether a path exists (X lock files and sockets show a display in use). */
const exists = (path) =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * An X authority file with a fresh random cookie for the display: Xvnc accepts only clients that
 * present it, so only programs started by this session (which get XAUTHORITY) can use the display.
 * The format is libXau's: family, address, display number, auth name, auth data, each (but the
 * family) as a 16-bit big-endian length followed by the bytes.
 */
function xAuthorityEntry(display) {
  const field = (bytes) => Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
  const familyWild = Buffer.from([0xff, 0xff]); // any host: the file works whatever the hostname
  return Buffer.concat([
    familyWild,
    field(Buffer.alloc(0)),
    field(Buffer.from(String(display))),
    field(Buffer.from('MIT-MAGIC-COOKIE-1')),
    field(randomBytes(16)),
  ]);
}

async function writeXAuthority(path, display) {
  await writeFile(path, xAuthorityEntry(display), { mode: 0o600, flag: 'wx' });
}

/** One argument for the host's shell. */
const quote = (text) => `'${String(text).replace(/'/g, `'\\''`)}'`;

/**
 * The same desktop on another machine (session.host): Xvnc listens on a Unix socket in the
 * session's private directory there (no TCP port), which Session Deck forwards to a local socket.
 * Secrets travel on stdin, never on a command line. Returns the local socket for setUnixSocket.
 */
async function startOnHost(session, { name, display, size, program }) {
  const { host } = session;
  const xauthority = `${host.scratchDir}/Xauthority`;
  const written = await host.run(`umask 077 && base64 -d > ${quote(xauthority)}`, { stdin: xAuthorityEntry(display).toString('base64') });
  if (written.code !== 0) throw new Error(`cannot write the X authority file on ${host.destination}: ${written.stderr}`);
  const socket = `${host.scratchDir}/rfb.sock`;
  const xvnc = [`:${display}`, '-rfbport', '-1', '-rfbunixpath', socket, '-rfbunixmode', '0600', '-SecurityTypes', 'VncAuth',
    '-rfbauth', host.passwordFile, '-auth', xauthority, '-nolisten', 'tcp', '-geometry', size, '-desktop', name, '-BlacklistThreshold', '2147483647'];
  // role 'server': when it exits on the host, Session Deck ends the session.
  await host.spawn(`exec Xvnc ${xvnc.map(quote).join(' ')}`, { role: 'server', name: 'Xvnc' });
  const local = await host.forward(socket);
  await session.waitForRfb(local);
  await host.spawn(`DISPLAY=:${display} XAUTHORITY=${quote(xauthority)} exec /bin/sh -c ${quote(program)}`, { role: 'helper', name: 'program' });
  session.log(`example: Xvnc on ${host.destination} display :${display}, ${size}`);
  return local;
}

export function realizeService({ name, index, commonOptions, setHostPort, setUnixSocket }) {
  // commonOptions is the type's "options" object from the sessions file, whole. Anything in it
  // is yours to define. Check it in start(): what start() throws is shown as the start's error.
  const displayBase = commonOptions.display_base ?? 200;
  const program = commonOptions.program ?? 'xterm';
  const display = displayBase + index;
  const port = 5900 + display;

  function checkOptions() {
    if (!Number.isInteger(displayBase) || displayBase < 0 || displayBase > 59000) {
      throw new Error(`options.display_base: expected an integer from 0 to 59000, found ${JSON.stringify(displayBase)}`);
    }
    if (typeof program !== 'string' || program.trim() === '') {
      throw new Error(`options.program: expected a shell command line, found ${JSON.stringify(program)}`);
    }
  }

  // What this slot's session runs, kept between start() and stop().
  let server;
  let desktop;

  /** Why this slot cannot start now (its display or port is taken), or undefined. */
  async function busyReason(session) {
    if (await exists(`/tmp/.X${display}-lock`)) return `display :${display} is in use`;
    if (await exists(`/tmp/.X11-unix/X${display}`)) return `display :${display} is in use (socket)`;
    if (session && !(await session.isPortFree(LOOPBACK, port))) return `port ${port} is in use`;
    return undefined;
  }

  return {
    // Optional: Session Deck asks before it picks a slot, and skips a busy one (never kills what
    // holds it). Without a session at hand, the port is checked by start().
    probe: () => (Number.isInteger(display) && !commonOptions.host ? busyReason(undefined) : Promise.resolve(undefined)),

    async start(token, timestamp, options) {
      checkOptions();
      // session: this session's private resources, all removed when it ends.
      const { session } = options;
      if (session.host) {
        setUnixSocket(await startOnHost(session, { name, display, size: options.size, program }));
        return true;
      }
      const busy = await busyReason(session);
      if (busy) throw new Error(busy);

      const xauthority = join(session.scratchDir, 'Xauthority');
      await writeXAuthority(xauthority, display);

      // A 'server' process (the default role): if it exits, Session Deck ends the session. Its
      // output goes to the session log. The password reaches Xvnc as a file (-rfbauth), never on
      // a command line; session.passwordFile is in `vncpasswd -f` format, mode 0600.
      server = session.spawn('Xvnc', [
        `:${display}`,
        '-rfbport', String(port),
        '-localhost', '-interface', LOOPBACK, // viewers come through Session Deck's loopback bridge
        '-SecurityTypes', 'VncAuth',
        '-rfbauth', session.passwordFile,
        '-auth', xauthority,
        '-nolisten', 'tcp', // no X11 over the network
        '-geometry', options.size,
        '-depth', '24',
        '-desktop', name,
        '-AlwaysShared',
        // Every viewer comes from 127.0.0.1 through the bridge: TigerVNC's default blacklist (5
        // unauthenticated connections from one address) would let anyone local lock them all out.
        '-BlacklistThreshold', '2147483647',
      ]);
      session.log(`example: Xvnc on display :${display}, port ${port}, ${options.size} for ${options.user}`);

      // Resolves once the port answers with an RFB banner; rejects after the start timeout, or at
      // once if the start is cancelled (session.signal is aborted then).
      await session.waitForRfb(LOOPBACK, port);
      setHostPort(LOOPBACK, port);

      // A 'helper' process: its exit is only logged (closing the program does not end the
      // session). It runs with the session's display and X authority.
      desktop = session.spawn('/bin/sh', ['-c', program], {
        role: 'helper',
        env: { DISPLAY: `:${display}`, XAUTHORITY: xauthority },
      });
      session.log(`example: started ${program}`);
      return true;
    },

    async stop() {
      // The desktop program first, so it does not complain about a vanished display; then the
      // server. terminate() sends SIGTERM to the process and everything it started, then SIGKILL
      // after a grace period.
      await desktop?.terminate();
      await server?.terminate();
      desktop = undefined;
      server = undefined;
    },
  };
}
