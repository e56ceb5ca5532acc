// Traffic reports on fake time: told at a bounded rate while bytes move, once more when they stop,
// never as session events, and not for a session that no longer runs.
import { afterEach, describe, expect, it } from 'vitest';
import { startRegistry, type RegistryHarness } from './testing/registry-harness';
import { TRAFFIC_REPORT_INTERVAL_MS as INTERVAL } from './viewer-reports';

describe('traffic reports', () => {
  let h: RegistryHarness;
  afterEach(async () => h?.close());

  it('tells the totals at once after a quiet spell, then at most once per interval, and once when the bytes stop', async () => {
    h = await startRegistry();
    const session = await h.start();
    const eventsBefore = h.events.length;
    h.registry.noteTraffic(session.id, 100, 10);
    expect(h.traffic).toEqual([{ sessionId: session.id, bytesToViewer: 100, bytesFromViewer: 10, at: h.time.now() }]);
    for (let i = 0; i < 3; i++) h.registry.noteTraffic(session.id, 100, 1);
    await h.time.advance(INTERVAL / 2);
    h.registry.noteTraffic(session.id, 50, 0);
    expect(h.traffic).toHaveLength(1);
    await h.time.advance(INTERVAL / 2);
    // The trailing report has everything since the first.
    expect(h.traffic).toHaveLength(2);
    expect(h.traffic[1]).toMatchObject({ bytesToViewer: 450, bytesFromViewer: 13, at: h.traffic[0]!.at + INTERVAL });
    await h.time.advance(10 * INTERVAL);
    expect(h.traffic).toHaveLength(2);
    // No session event for any of it; the session's revision and counts moved all the same.
    expect(h.events).toHaveLength(eventsBefore);
    expect(h.registry.getSession(session.id)).toMatchObject({ bytesToViewer: 450, bytesFromViewer: 13 });
    expect(h.registry.getSession(session.id).revision).toBeGreaterThan(session.revision);
  });

  it('keeps a steady flow of bridge reports to one traffic report per interval, the last one with every byte', async () => {
    h = await startRegistry();
    const session = await h.start();
    const bridgeReports = 20;
    for (let i = 0; i < bridgeReports; i++) {
      h.registry.noteTraffic(session.id, 1000, 1);
      await h.time.advance(INTERVAL / 4);
    }
    await h.time.advance(INTERVAL);
    const gaps = h.traffic.slice(1).map((report, i) => report.at - h.traffic[i]!.at);
    expect(gaps.length).toBeGreaterThan(0);
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL);
    expect(h.traffic.length).toBeLessThanOrEqual(Math.ceil(bridgeReports / 4) + 1);
    expect(h.traffic.at(-1)).toMatchObject({ bytesToViewer: bridgeReports * 1000, bytesFromViewer: bridgeReports });
  });

  it('tells nothing about a session that has ended: its end carries the last totals', async () => {
    h = await startRegistry();
    const session = await h.start();
    h.registry.noteTraffic(session.id, 10, 1);
    h.registry.noteTraffic(session.id, 20, 2); // waits for the interval
    await h.registry.stopSession(session.id);
    h.registry.noteTraffic(session.id, 5, 0); // the bridge's last bytes, as it closes the viewers
    await h.time.advance(2 * INTERVAL);
    expect(h.traffic).toHaveLength(1);
    expect(h.registry.getSession(session.id)).toMatchObject({ state: 'terminated', bytesToViewer: 35, bytesFromViewer: 3 });
    h.registry.noteTraffic('no-such-session', 1, 1);
    expect(h.traffic).toHaveLength(1);
  });

  it('paces each session on its own', async () => {
    h = await startRegistry();
    const [a, b] = [await h.start(), await h.start()];
    h.registry.noteTraffic(a.id, 1, 0);
    h.registry.noteTraffic(b.id, 2, 0);
    expect(h.traffic.map((report) => report.sessionId)).toEqual([a.id, b.id]);
  });
});
