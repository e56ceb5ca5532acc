// The shipped Nexus example (remote_session_config.json + simple_vnc.py), unchanged, with the real
// TigerVNC and TightVNC vncserver wrappers: `vncserver` on the runner's PATH is the one or the
// other, as a site's alternatives link would make it. Pixels come through the bridge; after stop
// no server, runner or scratch directory is left.
import { copyFile, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RfbClient } from '../electron/core/bridge/testing/rfb-client';
import { loadSessionTypes } from '../electron/core/config/session-types';
import { displayTraces, findProcesses, makeTempDir, type TempDir } from '../electron/core/testing/fixtures';
import { reserveDisplay } from '../electron/core/testing/free-display';
import { probeRfbServer } from '../electron/core/vnc/rfb-client';
import { isLoopbackAddress, listeningAddresses, sessionPassword, startEngine, type EngineFixture } from './testing/script-session';

const HERE = new URL('../resources/nexus/', import.meta.url).pathname;
const TIGER = await reserveDisplay();
const TIGHT = await reserveDisplay();

/** The example file as shipped, with only display_base moved to a display reserved for this test. */
async function exampleTypes(displayBase: number, command: string): Promise<Record<string, { script: string; count: number; options: Record<string, unknown> }>> {
  const types = JSON.parse(await readFile(join(HERE, 'remote_session_config.json'), 'utf8'));
  const [name] = Object.keys(types);
  return { [name!]: { ...types[name!], count: 1, options: { ...types[name!].options, display_base: displayBase, command } } };
}

async function openFrame(url: string): Promise<{ width: number; height: number; bytes: number; close(): void }> {
  const socket = new WebSocket(url, 'binary');
  // Listening before open: a bridge already signed in sends its banner with the upgrade's answer.
  const client = new RfbClient(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const init = await client.handshake();
  const bytes = await client.frame();
  return { width: init.width, height: init.height, bytes, close: () => socket.close() };
}

describe.each([
  ['TigerVNC', '/usr/bin/tigervncserver', 'Xtigervnc', TIGER],
  ['TightVNC', '/usr/bin/tightvncserver', 'Xtightvnc', TIGHT],
])('the Nexus example with %s vncserver', (_flavour, wrapper, server, display) => {
  let fixture: EngineFixture;
  let bin: TempDir;
  let typeName: string;

  beforeAll(async () => {
    bin = await makeTempDir('deck-nexus-bin');
    // The type's command runs inside the desktop (from the xstartup Session Deck writes).
    const types = await exampleTypes(display, `xdpyinfo | grep dimensions: > '${join(bin.path, 'geometry')}'; exec sleep 302`);
    typeName = Object.keys(types)[0]!;
    // `vncserver` is this flavour's wrapper, first on the PATH the script runs with.
    await symlink(wrapper, join(bin.path, 'vncserver'));
    fixture = await startEngine(`deck-nexus-${server}`, types, {
      env: { PATH: `${bin.path}:${process.env.PATH ?? '/usr/bin:/bin'}` },
      prepare: (dir) => copyFile(join(HERE, 'simple_vnc.py'), join(dir, 'simple_vnc.py')),
    });
  });

  afterAll(async () => {
    await fixture?.close();
    await bin?.remove();
  });

  it('starts the server on display_base + index, loopback only, with the session password; pixels through the bridge; stop leaves nothing', async () => {
    const { engine } = fixture;
    const session = await engine.startSession({ type: typeName, size: '1024x768' });
    const port = 5900 + display;
    try {
      expect(session).toMatchObject({ state: 'ready', index: 0 });
      expect(await findProcesses(server, `:${display}`)).toHaveLength(1);
      const addresses = await listeningAddresses(port);
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.filter((address) => !isLoopbackAddress(address))).toEqual([]);
      expect(await listeningAddresses(6000 + display)).toEqual([]);
      await expect(probeRfbServer('127.0.0.1', port, 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      expect(await probeRfbServer('127.0.0.1', port, await sessionPassword(fixture, session.id))).toMatchObject({ width: 1024, height: 768 });

      const viewer = await openFrame((await engine.openViewer(session.id)).url);
      expect({ width: viewer.width, height: viewer.height }).toEqual({ width: 1024, height: 768 });
      expect(viewer.bytes).toBeGreaterThanOrEqual(1024 * 768);
      viewer.close();
      expect(await findProcesses('script_runner.py')).toHaveLength(1);
      await expect.poll(() => readFile(join(bin.path, 'geometry'), 'utf8').catch(() => ''), { timeout: 30_000 }).toMatch(/dimensions: +1024x768 pixels/);
    } finally {
      await engine.stopSession(session.id);
    }
    expect(await findProcesses(server, `:${display}`)).toEqual([]);
    expect(await findProcesses('vncserver', `:${display}`)).toEqual([]);
    expect(await findProcesses('script_runner.py', session.id)).toEqual([]);
    expect(await displayTraces(display)).toEqual([]);
    expect(await findProcesses('sleep', '302')).toEqual([]);
    expect(await listeningAddresses(port)).toEqual([]);
    expect(await readdir(join(fixture.dir.path, 'data', 'sessions'))).toEqual([]);
  });
});

describe('the example Nexus sessions file', () => {
  it('loads as shipped: the size 12080x1024, the Python script, its options passed through', async () => {
    const [type] = await loadSessionTypes(join(HERE, 'remote_session_config.json'));
    expect(type).toMatchObject({ script: 'simple_vnc.py', count: 2, sizes: expect.arrayContaining(['12080x1024']), options: { display_base: 20, host: 'localhost' } });
  });

  it('loads with a group, a host and options Session Deck does not know, passed through whole', async () => {
    const fixture = await startEngine('deck-nexus-file', {}, { prepare: async (dir) => void (await copyFile(join(HERE, 'simple_vnc.py'), join(dir, 'simple_vnc.py'))) });
    try {
      const file = join(fixture.dir.path, 'external_services.json');
      const options = { sizes: ['12080x1024', '1920x1080'], display_base: 30, group: 'nexus', host: 'render01', ssl: { cert: '/etc/ssl/x.pem' }, websockify_port: 9000 };
      await writeFile(file, JSON.stringify({ 'Site VNC': { script: 'simple_vnc.py', count: 4, options } }));
      await expect(loadSessionTypes(file)).resolves.toEqual([{ name: 'Site VNC', script: 'simple_vnc.py', count: 4, options, sizes: options.sizes }]);
    } finally {
      await fixture.close();
    }
  });
});
