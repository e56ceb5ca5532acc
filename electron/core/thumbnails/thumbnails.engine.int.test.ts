// Thumbnails through the engine's contract, for a real xvnc session nobody views: the picture
// comes, the session stays without viewers and its inactivity deadline does not move, and once the
// session has ended there is no picture and no connection left.
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { findProcesses } from '../testing/fixtures';
import { reserveDisplays } from '../testing/free-display';
import { decodePng } from './testing/read-png';

const DISPLAY_BASE = await reserveDisplays(1);
const PAINT = "xterm -geometry 40x10+0+0 -bg '#ff8000' -fg '#ff8000'";
const types = { Pictured: { script: 'xvnc', count: 1, options: { sizes: ['1280x800'], display_base: DISPLAY_BASE, command: PAINT } } };
const LONG = 3_600_000;

describe('session thumbnails through the engine', () => {
  let harness: EngineHarness;
  afterEach(async () => harness?.close());

  it('serves a picture of an unviewed session without making it a viewer, and none once it ended', async () => {
    harness = await startEngine(types, { thumbnails: { intervalMs: 200 }, timing: { inactivityTimeoutMs: LONG, maxSessionMs: 2 * LONG } });
    const { engine } = harness;
    const session = await engine.startSession({ type: 'Pictured', size: '1280x800' });
    const deadline = (await engine.getSession(session.id)).nextTimer;
    expect(deadline?.kind).toBe('inactivity');
    const orange = async () => {
      const picture = await engine.getThumbnail(session.id);
      if (!picture) return null;
      const { width, rgb } = decodePng(Buffer.from(picture.png, 'base64'));
      return { width, pixel: [...rgb.subarray((10 * width + 10) * 3, (10 * width + 10) * 3 + 3)] };
    };
    await expect.poll(orange, { timeout: 20_000 }).toEqual({ width: 240, pixel: [0xff, 0x80, 0x00] });
    const first = (await engine.getThumbnail(session.id))!;
    expect(first).toMatchObject({ sessionId: session.id, width: 240, height: 150 });
    // Neither a viewer nor activity: no viewer counted, no bytes through the bridge, the same inactivity deadline.
    const now = await engine.getSession(session.id);
    expect(now).toMatchObject({ state: 'ready', viewers: 0, bytesToViewer: 0, bytesFromViewer: 0 });
    expect(now.nextTimer).toEqual(deadline);

    await engine.stopSession(session.id);
    expect(await engine.getThumbnail(session.id)).toBeNull();
    expect(await findProcesses('Xvnc', `:${DISPLAY_BASE} `)).toEqual([]);
  });

  it('answers not_found for a session that never was', async () => {
    harness = await startEngine(types, { thumbnails: { intervalMs: 200 } });
    await expect(harness.engine.getThumbnail('nosuchsession')).rejects.toMatchObject({ code: 'not_found' });
  });
});
