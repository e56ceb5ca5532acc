import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogSpy, TestClock, historyEntry, makeTempDir, openJournal } from './testing/journal-fixture';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

const files = async (log: string): Promise<string[]> => (await readdir(join(temp.dir, log))).sort();

describe('retention', () => {
  it('removes whole days older than retentionDays, only when the job runs', async () => {
    const clock = new TestClock(Date.parse('2026-01-01T12:00:00Z'));
    const journal = await openJournal({ dir: temp.dir, now: clock.now, retentionDays: 30, retentionIntervalMs: 3_600_000 * 24 * 365 });
    for (const dayOffset of [0, 10, 29, 30, 45]) {
      clock.ms = Date.parse('2026-01-01T12:00:00Z') + dayOffset * 86_400_000;
      await journal.record({ kind: 'session_started', type: 'T', user: 'u', details: { dayOffset } });
      await journal.recordEnded(historyEntry({ type: 'T', endedAt: clock.ms }));
      journal.noteConcurrency('T', 1, clock.ms);
    }
    const everyDay = ['2026-01-01', '2026-01-11', '2026-01-30', '2026-01-31', '2026-02-15'].map((day) => `${day}.jsonl`);
    clock.ms = Date.parse('2026-03-02T08:00:00Z'); // 30 days back is 2026-01-31: the first day kept

    // Time passing, new records and reads delete nothing.
    await journal.record({ kind: 'config_reloaded', user: 'system' });
    expect((await journal.listAudit({})).items).toHaveLength(6);
    expect((await journal.listHistory({})).items).toHaveLength(5);
    expect(await files('history')).toEqual(everyDay);

    const result = await journal.runRetention();
    expect(result.firstKeptDay).toBe('2026-01-31');
    expect(result.removedDays.audit).toEqual(['2026-01-01', '2026-01-11', '2026-01-30']);
    expect(await files('audit')).toEqual(['2026-01-31.jsonl', '2026-02-15.jsonl', '2026-03-02.jsonl']);
    expect(await files('history')).toEqual(['2026-01-31.jsonl', '2026-02-15.jsonl']);
    expect(await files('peaks')).toEqual(['2026-01-31.jsonl', '2026-02-15.jsonl']);
    expect((await journal.listAudit({})).items.map((r) => r.details.dayOffset)).toEqual([undefined, 45, 30]);
    expect((await journal.listHistory({})).items.map((e) => new Date(e.endedAt).toISOString().slice(0, 10))).toEqual(['2026-02-15', '2026-01-31']);
    expect((await journal.getMetrics({})).map((row) => row.day)).toEqual(['2026-02-15', '2026-01-31']);

    // A longer retention applies from the next run; a shorter one removes more.
    journal.setRetentionDays(365);
    expect((await journal.runRetention()).removedDays.audit).toEqual([]);
    journal.setRetentionDays(1);
    expect((await journal.runRetention()).removedDays.audit).toEqual(['2026-01-31', '2026-02-15']);
    expect(() => journal.setRetentionDays(0)).toThrow(RangeError);
    await journal.close();
  });

  it('runs at start and then every retentionIntervalMs', async () => {
    const clock = new TestClock(Date.parse('2026-01-01T12:00:00Z'));
    let journal = await openJournal({ dir: temp.dir, now: clock.now });
    await journal.record({ kind: 'config_reloaded', user: 'system' });
    await journal.close();

    clock.advanceDays(40);
    const log = new LogSpy();
    journal = await openJournal({ dir: temp.dir, now: clock.now, log: log.log, retentionIntervalMs: 10 });
    expect(log.lines[0]).toMatch(/removed audit 2026-01-01/);
    await journal.record({ kind: 'config_reloaded', user: 'system' });
    clock.advanceDays(40);
    await log.waitFor(/removed audit 2026-02-10/);
    expect(await files('audit')).toEqual([]);
    await journal.close();
  });

  it('numbers on after every day file has expired', async () => {
    const clock = new TestClock();
    let journal = await openJournal({ dir: temp.dir, now: clock.now });
    for (let i = 0; i < 3; i += 1) await journal.record({ kind: 'config_reloaded', user: 'system' });
    await journal.close();
    clock.advanceDays(100);
    journal = await openJournal({ dir: temp.dir, now: clock.now });
    expect(await files('audit')).toEqual([]);
    expect((await journal.record({ kind: 'config_reloaded', user: 'system' })).seq).toBe(4);
    await journal.close();
  });
});
