import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsRow } from '../../shared/journal';
import { metricsToCsv } from '../../shared/metrics-csv';
import { UNKNOWN_TYPE } from './metrics';
import { TestClock, historyEntry, makeTempDir, openJournal } from './testing/journal-fixture';

describe('daily metrics', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('aggregates per type and UTC day, and survives a restart', async () => {
    const day1 = Date.parse('2026-03-10T23:00:00Z');
    const day2 = Date.parse('2026-03-11T01:00:00Z');
    const clock = new TestClock(day1);
    let journal = await openJournal({ dir: temp.dir, now: clock.now });
    for (const kind of ['session_started', 'session_started', 'start_failed', 'refused_at_capacity', 'viewer_connected'] as const) {
      await journal.record({ kind, type: 'A', user: 'u' });
    }
    await journal.record({ kind: 'session_started', type: 'B', user: 'u' });
    await journal.record({ kind: 'refused_not_authorized', user: 'mallory' });
    clock.ms = day2;
    await journal.record({ kind: 'session_started', type: 'A', user: 'u' });

    await journal.recordEnded(historyEntry({ type: 'A', endedAt: day1, durationMs: 1000, bytesToViewer: 5, bytesFromViewer: 1 }));
    await journal.recordEnded(historyEntry({ type: 'A', endedAt: day1 + 1, durationMs: 2001, bytesToViewer: 7, bytesFromViewer: 2 }));
    await journal.recordEnded(historyEntry({ type: 'A', endedAt: day2, durationMs: 500 }));
    journal.noteConcurrency('A', 1, day1);
    journal.noteConcurrency('A', 3, day1 + 10);
    journal.noteConcurrency('A', 2, day1 + 20);
    journal.noteConcurrency('A', 1, day2);

    const expected: MetricsRow[] = [
      { day: '2026-03-11', type: 'A', started: 1, failed: 0, refused: 0, totalDurationMs: 500, meanDurationMs: 500, peakConcurrent: 1, bytesToViewer: 1000, bytesFromViewer: 10 },
      { day: '2026-03-10', type: UNKNOWN_TYPE, started: 0, failed: 0, refused: 1, totalDurationMs: 0, meanDurationMs: 0, peakConcurrent: 0, bytesToViewer: 0, bytesFromViewer: 0 },
      { day: '2026-03-10', type: 'A', started: 2, failed: 1, refused: 1, totalDurationMs: 3001, meanDurationMs: 1501, peakConcurrent: 3, bytesToViewer: 12, bytesFromViewer: 3 },
      { day: '2026-03-10', type: 'B', started: 1, failed: 0, refused: 0, totalDurationMs: 0, meanDurationMs: 0, peakConcurrent: 0, bytesToViewer: 0, bytesFromViewer: 0 },
    ].sort((a, b) => (a.day === b.day ? (a.type < b.type ? -1 : 1) : a.day < b.day ? 1 : -1));
    expect(await journal.getMetrics({})).toEqual(expected);
    expect(await journal.getMetrics({ type: 'A', fromDay: '2026-03-11' })).toEqual([expected[0]]);
    expect(await journal.getMetrics({ toDay: '2026-03-10', type: 'B' })).toEqual(expected.filter((row) => row.type === 'B'));
    await journal.close();

    journal = await openJournal({ dir: temp.dir, now: clock.now });
    expect(await journal.getMetrics({})).toEqual(expected);
    await journal.close();
  });
});

describe('metrics of a type on other machines', () => {
  it('keeps a row per type and host, and one for the type on this machine', async () => {
    const temp = await makeTempDir();
    const at = Date.parse('2026-03-10T12:00:00Z');
    const journal = await openJournal({ dir: temp.dir, now: new TestClock(at).now });
    await journal.record({ kind: 'session_started', type: 'C', host: 'n1', user: 'u' });
    await journal.record({ kind: 'session_started', type: 'C', host: 'n2', user: 'u' });
    await journal.record({ kind: 'start_failed', type: 'C', host: 'n2', user: 'u' });
    await journal.recordEnded(historyEntry({ type: 'C', host: 'n2', endedAt: at, durationMs: 400 }));
    journal.noteConcurrency('C', 2, at);
    journal.noteConcurrency('C', 1, at, 'n2');
    const rows = await journal.getMetrics({ type: 'C' });
    expect(rows.map(({ host, started, failed, totalDurationMs, peakConcurrent }) => ({ host, started, failed, totalDurationMs, peakConcurrent }))).toEqual([
      { host: undefined, started: 0, failed: 0, totalDurationMs: 0, peakConcurrent: 2 },
      { host: 'n1', started: 1, failed: 0, totalDurationMs: 0, peakConcurrent: 0 },
      { host: 'n2', started: 1, failed: 1, totalDurationMs: 400, peakConcurrent: 1 },
    ]);
    expect((await journal.listHistory({})).items[0]?.host).toBe('n2');
    await journal.close();
    await temp.remove();
  });
});

describe('queue wait of batch-job sessions', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('keeps the mean and the longest wait per type and day, only where sessions waited in a queue', async () => {
    const journal = await openJournal({ dir: temp.dir, now: () => Date.UTC(2026, 2, 10, 12) });
    const endedAt = Date.UTC(2026, 2, 10, 12);
    await journal.recordEnded(historyEntry({ id: 'j1', type: 'cluster', endedAt, job: { id: '1', node: 'n1', queueWaitMs: 1000 } }));
    await journal.recordEnded(historyEntry({ id: 'j2', type: 'cluster', endedAt, job: { id: '2', node: 'n1', queueWaitMs: 4000 } }));
    await journal.recordEnded(historyEntry({ id: 'j3', type: 'cluster', endedAt, job: { id: '3' } }));
    await journal.recordEnded(historyEntry({ id: 'p1', type: 'plain', endedAt }));
    const rows = await journal.getMetrics({});
    expect(rows.find((row) => row.type === 'cluster')).toMatchObject({ meanQueueWaitMs: 2500, maxQueueWaitMs: 4000 });
    expect(rows.find((row) => row.type === 'plain')).not.toHaveProperty('meanQueueWaitMs');
    expect(metricsToCsv(rows.filter((row) => row.type === 'cluster')).split('\r\n')[1]).toMatch(/,2500,4000$/);
    await journal.close();
  });
});

describe('metricsToCsv', () => {
  const row: MetricsRow = { day: '2026-03-10', type: 'plain', started: 1, failed: 2, refused: 3, totalDurationMs: 4, meanDurationMs: 5, peakConcurrent: 6, bytesToViewer: 7, bytesFromViewer: 8 };

  it('writes a header and one CRLF-terminated line per row', () => {
    expect(metricsToCsv([row])).toBe(
      'day,type,started,failed,refused,totalDurationMs,meanDurationMs,peakConcurrent,bytesToViewer,bytesFromViewer,host,meanQueueWaitMs,maxQueueWaitMs\r\n' + '2026-03-10,plain,1,2,3,4,5,6,7,8,,,\r\n',
    );
    expect(metricsToCsv([]).split('\r\n')).toHaveLength(2);
  });

  it('quotes fields with commas, quotes and line breaks (RFC 4180)', () => {
    const csv = metricsToCsv([
      { ...row, type: 'a,b' },
      { ...row, type: 'say "hi"' },
      { ...row, type: 'two\nlines' },
      { ...row, type: 'cr\rhere' },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe('2026-03-10,"a,b",1,2,3,4,5,6,7,8,,,');
    expect(lines[2]).toBe('2026-03-10,"say ""hi""",1,2,3,4,5,6,7,8,,,');
    expect(lines[3]).toBe('2026-03-10,"two\nlines",1,2,3,4,5,6,7,8,,,');
    expect(lines[4]).toBe('2026-03-10,"cr\rhere",1,2,3,4,5,6,7,8,,,');
  });
});
