// Builds the Debian package of the headless host, session-deck-host, with dpkg-deb (npm run
// dist:host). It carries its own runtime, so it installs where the distribution's nodejs is too old
// (Node 18 on Debian 12 and Ubuntu 24.04): Node's binary (the one running this build) beside one
// bundled file of the host and its npm dependencies, and the UI. It depends only on archive packages.
//   /usr/bin/session-deck-host                         runs the host with the shipped Node
//   /usr/lib/session-deck-host/{node,host/,renderer/}  the runtime, the bundle (with the script
//                                                      runners), the UI
//   /usr/share/session-deck-host/                      example sessions files
//   /usr/lib/systemd/user/session-deck-host.service    systemctl --user enable --now session-deck-host
// Everything the host writes is the user's (data directory, ~/.config/session-deck-host): dpkg -r
// leaves that and nothing else.
//
// Usage: node scripts/dev/build-host-deb.mjs [--out DIR]   (default DIR: release/); prints the .deb's path.
import { build as esbuild } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build as viteBuild } from 'vite';

export const PACKAGE = 'session-deck-host';
const LIB = `/usr/lib/${PACKAGE}`;
const SHARE = `/usr/share/${PACKAGE}`;
/** What the host and its example need from the archive; libc6, libstdc++6, libgcc-s1 are Node's. */
const DEPENDS = ['tigervnc-standalone-server', 'xauth', 'libc6', 'libstdc++6', 'libgcc-s1'];
/** The example's desktop and program, and Nexus-style Python scripts. */
const RECOMMENDS = ['openbox', 'xterm', 'python3'];
const SUGGESTS = ['chromium | chromium-browser', 'tightvncserver', 'x11vnc'];

const root = fileURLToPath(new URL('../..', import.meta.url));

const LAUNCHER = `#!/bin/sh
# Session Deck's headless host, on the Node.js runtime this package ships.
exec ${LIB}/node ${LIB}/host/cli.js "$@"
`;

// KillMode=mixed: SIGTERM to the host alone, which stops its sessions itself; whatever is left when
// the timeout ends gets SIGKILL.
const UNIT = `[Unit]
Description=Session Deck host: VNC sessions in the browser, on 127.0.0.1
Documentation=file://${SHARE}/README

[Service]
Type=simple
Environment=SESSIONS=%h/.config/${PACKAGE}/sessions.json
ExecStartPre=/bin/sh -c 'test -e "$$SESSIONS" || install -D -m 0600 ${SHARE}/sessions.example.json "$$SESSIONS"'
ExecStart=/usr/bin/${PACKAGE} --config \${SESSIONS} --no-open
KillMode=mixed
TimeoutStopSec=30
Restart=on-failure

[Install]
WantedBy=default.target
`;

const README = `Session Deck host
=================

  systemctl --user enable --now ${PACKAGE}
  journalctl --user -u ${PACKAGE}      # the one-time login link, http://127.0.0.1:8765/login?code=...

The service copies ${SHARE}/sessions.example.json to ~/.config/${PACKAGE}/sessions.json the first
time; edit that file (it is watched). Or run it by hand: ${PACKAGE} --config FILE (--help lists the flags).
${SHARE}/nexus/ holds a Nexus / Ansys Dynamic Reporting example (a sessions file and its Python script).
`;

// The CommonJS parts of the bundle (write-file-atomic, ...) use require, __filename and __dirname.
const commonJsGlobals = [
  "import { createRequire as __deckCreateRequire } from 'node:module';",
  "import { dirname as __deckDirname } from 'node:path';",
  "import { fileURLToPath as __deckFileURLToPath } from 'node:url';",
  'const require = __deckCreateRequire(import.meta.url);',
  'const __filename = __deckFileURLToPath(import.meta.url);',
  'const __dirname = __deckDirname(__filename);',
].join(' ');

async function stage(dir) {
  const lib = join(dir, LIB);
  const node = { bundle: true, platform: 'node', target: 'node20', format: 'esm', logLevel: 'warning', absWorkingDir: root };
  await Promise.all([
    // One file with every npm dependency inside (ESM builds first: their CommonJS builds require at run time).
    esbuild({ ...node, entryPoints: ['electron/headless/cli.ts'], outfile: join(lib, 'host/cli.js'), mainFields: ['module', 'main'], banner: { js: commonJsGlobals } }),
    esbuild({ ...node, entryPoints: ['electron/core/script-host/script-runner.mjs'], outfile: join(lib, 'host/script-runner.mjs') }),
    cp(join(root, 'electron/core/script-host/python'), join(lib, 'host/python'), { recursive: true, filter: (path) => !path.includes('__pycache__') }),
    viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(lib, 'renderer'), emptyOutDir: true, sourcemap: false } }),
  ]);
  await copyFile(process.execPath, join(lib, 'node'));
  await chmod(join(lib, 'node'), 0o755);
  await mkdir(join(dir, 'usr/bin'), { recursive: true });
  await writeFile(join(dir, `usr/bin/${PACKAGE}`), LAUNCHER, { mode: 0o755 });
  await mkdir(join(dir, SHARE, 'nexus'), { recursive: true });
  // The example names its schema beside it, for editors.
  for (const file of ['sessions.example.json', 'sessions.schema.json']) await copyFile(join(root, 'resources', file), join(dir, SHARE, file));
  for (const file of ['remote_session_config.json', 'simple_vnc.py']) await copyFile(join(root, 'resources/nexus', file), join(dir, SHARE, 'nexus', file));
  await writeFile(join(dir, SHARE, 'README'), README);
  await mkdir(join(dir, 'usr/lib/systemd/user'), { recursive: true });
  await writeFile(join(dir, `usr/lib/systemd/user/${PACKAGE}.service`), UNIT);
}

async function control(dir, version) {
  const arch = execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
  const installedKiB = execFileSync('du', ['-sk', '--exclude=DEBIAN', dir], { encoding: 'utf8' }).split('\t')[0];
  const text = [
    `Package: ${PACKAGE}`,
    `Version: ${version}`,
    `Architecture: ${arch}`,
    'Maintainer: Session Deck developers <maintainers@session-deck.invalid>',
    `Installed-Size: ${installedKiB}`,
    `Depends: ${DEPENDS.join(', ')}`,
    `Recommends: ${RECOMMENDS.join(', ')}`,
    `Suggests: ${SUGGESTS.join(', ')}`,
    'Section: x11',
    'Priority: optional',
    'Homepage: https://session-deck.invalid/',
    'Description: Session Deck headless host: VNC desktop sessions in a browser',
    ' Starts local VNC desktops (TigerVNC Xvnc and others) from a sessions file and serves',
    ' their viewer and a management UI to a browser on the same machine, on 127.0.0.1 only.',
    ' Ships its own Node.js runtime.',
    '',
  ].join('\n');
  await mkdir(join(dir, 'DEBIAN'), { recursive: true });
  await writeFile(join(dir, 'DEBIAN/control'), text);
  return arch;
}

/** Builds the package into outDir; returns the .deb's path. */
export async function buildHostDeb(outDir) {
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const dir = await mkdtemp(join(tmpdir(), `${PACKAGE}-`));
  try {
    await stage(dir);
    const arch = await control(dir, version);
    await mkdir(outDir, { recursive: true });
    const deb = join(outDir, `${PACKAGE}_${version}_${arch}.deb`);
    execFileSync('dpkg-deb', ['--root-owner-group', '-Zgzip', '--build', dir, deb], { stdio: ['ignore', 'ignore', 'inherit'] });
    return deb;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  console.log(await buildHostDeb(resolve(values.out ?? join(root, 'release'))));
}
