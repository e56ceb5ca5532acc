// Traffic figures with a real Xvnc through the real bridge: while a viewer receives updates, the
// byte totals told to subscribers grow (traffic events, no session or types events); once the
// updates stop, a last report carries every byte, and a viewer that asks for nothing causes no event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeckEvent } from '../../shared/session';
import { framebufferUpdateRequest } from '../vnc/rfb-client-messages';
import { startEngine, type EngineHarness } from '../testing/engine-harness';
import { reserveDisplays } from '../testing/free-display';
import { connectViewer, type TestViewer } from '../testing/viewer-client';
import { TRAFFIC_REPORT_INTERVAL_MS } from './viewer-reports';

const DISPLAY = await reserveDisplays(1);
const LONG = 3_600_000;

let harness: EngineHarness;
let sessionId: string;
let viewer: TestViewer;

type Traffic = Extract<DeckEvent, { kind: 'traffic' }>;
const trafficEvents = (): Traffic[] => harness.events.filter((event): event is Traffic => event.kind === 'traffic' && event.sessionId === sessionId);
const totals = async () => {
  const { bytesToViewer, bytesFromViewer } = await harness.engine.getSession(sessionId);
  return { bytesToViewer, bytesFromViewer };
};
/** The last traffic event has the session's totals as the engine has them now. */
const toldEverything = async () => {
  const last = trafficEvents().at(-1);
  const now = await totals();
  return last?.bytesToViewer === now.bytesToViewer && last.bytesFromViewer === now.bytesFromViewer;
};
/** Waits longer than the bridge's activity interval (1 s) and the registry's report interval together. */
const outlastPendingReports = () => new Promise((resolve) => setTimeout(resolve, 1_000 + TRAFFIC_REPORT_INTERVAL_MS + 1_000));

beforeAll(async () => {
  const types = { Desk: { script: 'xvnc', count: 1, options: { sizes: ['640x480'], display_base: DISPLAY } } };
  harness = await startEngine(types, { thumbnails: false, timing: { inactivityTimeoutMs: LONG, maxSessionMs: LONG } });
  sessionId = (await harness.engine.startSession({ type: 'Desk', size: '640x480' })).id;
  viewer = await connectViewer((await harness.engine.openViewer(sessionId)).url);
  viewer.stream.on('data', () => undefined); // read and drop what the server sends
});

afterAll(async () => {
  await viewer?.close();
  await harness?.close();
});

describe('traffic figures with a real Xvnc', () => {
  it('tells growing totals while the viewer receives updates, without session or types events', async () => {
    const firstIndex = harness.events.length;
    const toldBefore = trafficEvents().length;
    // A full (non-incremental) update of a 64x64 corner, asked for again and again: the server answers each.
    const asking = setInterval(() => viewer.stream.write(framebufferUpdateRequest(false, 0, 0, 64, 64)), 100);
    try {
      await expect.poll(() => trafficEvents().length - toldBefore, { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    } finally {
      clearInterval(asking);
    }
    const told = trafficEvents().slice(toldBefore);
    for (let i = 1; i < told.length; i++) {
      expect(told[i]!.bytesToViewer).toBeGreaterThan(told[i - 1]!.bytesToViewer);
      expect(told[i]!.bytesFromViewer).toBeGreaterThan(told[i - 1]!.bytesFromViewer);
    }
    const during = harness.events.slice(firstIndex);
    expect(during.filter((event) => event.kind === 'session' || event.kind === 'types')).toEqual([]);
  });

  it('tells the last totals once the updates stop, and nothing more while the viewer asks for nothing', async () => {
    // Past the bridge's interval and the registry's, whatever was pending has been told by now.
    await outlastPendingReports();
    await expect.poll(toldEverything, { timeout: 15_000 }).toBe(true);
    const told = trafficEvents().length;
    const before = await totals();
    await outlastPendingReports();
    expect(trafficEvents()).toHaveLength(told);
    expect(await totals()).toEqual(before);
  });
});
