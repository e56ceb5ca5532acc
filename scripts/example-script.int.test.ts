// resources/example-script.mjs as a user would use it: copied next to their sessions file, named
// there by a relative path, loaded by the engine, and run against a real Xvnc on free displays.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayTraces, findProcesses, makeTempDir, type TempDir } from '../electron/core/testing/fixtures';
import { reserveDisplays } from '../electron/core/testing/free-display';
import { probeRfbServer } from '../electron/core/vnc/rfb-client';
import { handshakeThroughBridge, isLoopbackAddress, listeningAddresses, sessionPassword, startEngine, type EngineFixture } from './testing/script-session';

const DISPLAY_BASE = await reserveDisplays(3); // two slots of Mine, one of BadOption
const EXAMPLE = join(dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'example-script.mjs');

describe('the example script module', () => {
  let fixture: EngineFixture;
  let out: TempDir; // where the session's program writes what it saw
  const geometryFile = () => join(out.path, 'geometry');

  beforeAll(async () => {
    out = await makeTempDir('deck-example-out');
    const program = `xdotool getdisplaygeometry > '${geometryFile()}'; exec sleep 304`;
    fixture = await startEngine(
      'deck-example',
      {
        Mine: { script: './my-script.mjs', count: 2, options: { sizes: ['800x600', '1024x768'], display_base: DISPLAY_BASE, program } },
        BadOption: { script: './my-script.mjs', count: 1, options: { sizes: ['800x600'], display_base: DISPLAY_BASE + 2, program: 42 } },
      },
      // The user's copy, next to their sessions file.
      { prepare: (dir) => copyFile(EXAMPLE, join(dir, 'my-script.mjs')) },
    );
  });

  afterAll(async () => {
    await fixture?.close();
    await out?.remove();
  });

  it('starts a real session: VncAuth with the session password, loopback only, the chosen size, its program in the display', async () => {
    const { engine } = fixture;
    const [type] = (await engine.listTypes()).filter((t) => t.name === 'Mine');
    expect(type?.script).toBe('./my-script.mjs');
    const session = await engine.startSession({ type: 'Mine', size: '1024x768' });
    const display = DISPLAY_BASE + session.index;
    try {
      expect(session.state).toBe('ready');
      const viewer = await engine.openViewer(session.id);
      await expect(probeRfbServer('127.0.0.1', 5900 + display, 'wrongpw1')).rejects.toThrow(/authentication failed/i);
      expect(await probeRfbServer('127.0.0.1', 5900 + display, await sessionPassword(fixture, session.id))).toMatchObject({ width: 1024, height: 768, name: 'Mine' });
      expect(await handshakeThroughBridge(viewer.url)).toMatchObject({ width: 1024, height: 768 });
      const addresses = await listeningAddresses(5900 + display);
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.filter((address) => !isLoopbackAddress(address))).toEqual([]);
      await expect.poll(() => readFile(geometryFile(), 'utf8').catch(() => ''), { timeout: 10_000 }).toBe('1024 768\n');
      await expect.poll(() => findProcesses('sleep 304')).toHaveLength(1);
    } finally {
      await engine.stopSession(session.id);
    }
    expect(await findProcesses('sleep 304')).toEqual([]);
    expect(await findProcesses('Xvnc', `:${display}`)).toEqual([]);
    expect(await displayTraces(display)).toEqual([]);
    expect(await listeningAddresses(5900 + display)).toEqual([]);
    expect(await readdir(join(fixture.dir.path, 'data', 'sessions'))).toEqual([]);
  });

  it('runs one display per slot', async () => {
    const { engine } = fixture;
    const [a, b] = await Promise.all([engine.startSession({ type: 'Mine', size: '800x600' }), engine.startSession({ type: 'Mine', size: '800x600' })]);
    try {
      expect([a.index, b.index].sort()).toEqual([0, 1]);
      expect(await findProcesses('Xvnc', `:${DISPLAY_BASE}`)).toHaveLength(1);
      expect(await findProcesses('Xvnc', `:${DISPLAY_BASE + 1}`)).toHaveLength(1);
    } finally {
      await Promise.all([engine.stopSession(a.id), engine.stopSession(b.id)]);
    }
    expect(await displayTraces(DISPLAY_BASE)).toEqual([]);
    expect(await displayTraces(DISPLAY_BASE + 1)).toEqual([]);
  });

  it('reports a bad option as the start error', async () => {
    await expect(fixture.engine.startSession({ type: 'BadOption', size: '800x600' })).rejects.toMatchObject({
      code: 'start_failed',
      message: expect.stringContaining('options.program: expected a shell command line, found 42'),
    });
  });
});
