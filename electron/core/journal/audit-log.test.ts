import { appendFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/journal';
import { decodeFile } from './line-codec';
import { LogSpy, TestClock, makeTempDir, openJournal } from './testing/journal-fixture';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(async () => {
  await temp.remove();
});

async function allAudit(journal: Awaited<ReturnType<typeof openJournal>>, query = {}): Promise<AuditRecord[]> {
  const records: AuditRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await journal.listAudit({ ...query, cursor, limit: 7 });
    records.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
}

describe('audit log', () => {
  it('has each record on disk once record() resolves, and reads it back newest first', async () => {
    const clock = new TestClock();
    const journal = await openJournal({ dir: temp.dir, now: clock.now });
    const first = await journal.record({ kind: 'session_created', sessionId: 'a', type: 'T', index: 0, user: 'alice' });
    const onDisk = decodeFile(await readFile(join(temp.dir, 'audit', '2026-03-10.jsonl')));
    expect(onDisk.lines.map((line) => line.value)).toEqual([first]);

    const second = await journal.record({ kind: 'settings_changed', user: 'bob', details: { key: 'retentionDays', old: 30, new: 60 } });
    expect(first).toMatchObject({ seq: 1, at: clock.ms, kind: 'session_created', sessionId: 'a', type: 'T', index: 0, user: 'alice', details: {} });
    expect(second).toMatchObject({ seq: 2, details: { key: 'retentionDays', old: 30, new: 60 } });
    expect((await journal.listAudit({})).items).toEqual([second, first]);
    await journal.close();
  });

  it('numbers records on across restarts and day files', async () => {
    const clock = new TestClock();
    let journal = await openJournal({ dir: temp.dir, now: clock.now });
    await Promise.all(Array.from({ length: 50 }, () => journal.record({ kind: 'viewer_connected', user: 'u' })));
    await journal.close();
    clock.advanceDays(1);
    journal = await openJournal({ dir: temp.dir, now: clock.now });
    const next = await journal.record({ kind: 'viewer_disconnected', user: 'u' });
    expect(next.seq).toBe(51);
    expect(await readdir(join(temp.dir, 'audit'))).toEqual(['2026-03-10.jsonl', '2026-03-11.jsonl']);
    const seqs = (await allAudit(journal)).map((record) => record.seq);
    expect(seqs).toEqual(Array.from({ length: 51 }, (_, i) => 51 - i));
    await journal.close();
  });

  it('skips a torn last line after a crash, keeps every earlier record, and appends cleanly after it', async () => {
    let journal = await openJournal({ dir: temp.dir });
    const before = [];
    for (let i = 0; i < 5; i += 1) before.push(await journal.record({ kind: 'ticket_rejected', user: 'u', details: { i } }));
    await journal.close();
    const file = (await readdir(join(temp.dir, 'audit')))[0] as string;
    await appendFile(join(temp.dir, 'audit', file), '0badc0de {"seq":6,"at":1,"kind":"ticket_rej');

    const log = new LogSpy();
    journal = await openJournal({ dir: temp.dir, log: log.log });
    expect(log.lines.some((line) => /skipped 1 damaged or torn line/.test(line))).toBe(true);
    expect((await allAudit(journal)).reverse()).toEqual(before);
    const after = await journal.record({ kind: 'ticket_rejected', user: 'u' });
    expect(after.seq).toBe(6);
    await journal.close();

    journal = await openJournal({ dir: temp.dir });
    expect((await allAudit(journal)).map((record) => record.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    await journal.close();
  });

  it('filters by kind, session and time, and pages with a cursor that new records do not disturb', async () => {
    const clock = new TestClock();
    const journal = await openJournal({ dir: temp.dir, now: clock.now });
    const kinds = ['session_created', 'session_started', 'session_completed'] as const;
    for (let i = 0; i < 60; i += 1) {
      clock.ms += 1000;
      await journal.record({ kind: kinds[i % 3] as (typeof kinds)[number], sessionId: `s${i % 4}`, user: 'u' });
    }
    const all = await allAudit(journal);
    expect(all.map((record) => record.seq)).toEqual(Array.from({ length: 60 }, (_, i) => 60 - i));

    const query = { kind: 'session_started' as const, sessionId: 's1', from: all[50]?.at, to: all[5]?.at };
    const expected = all.filter((r) => r.kind === query.kind && r.sessionId === query.sessionId && r.at >= (query.from ?? 0) && r.at <= (query.to ?? Infinity));
    expect(expected.length).toBeGreaterThan(2);
    expect(await allAudit(journal, query)).toEqual(expected);

    // Page 1, then new records arrive, then page 2 continues exactly after page 1.
    const page1 = await journal.listAudit({ limit: 25 });
    for (let i = 0; i < 10; i += 1) await journal.record({ kind: 'session_created', user: 'u' });
    const page2 = await journal.listAudit({ limit: 25, cursor: page1.nextCursor });
    const page3 = await journal.listAudit({ limit: 25, cursor: page2.nextCursor });
    expect([...page1.items, ...page2.items, ...page3.items]).toEqual(all);
    expect(page3.nextCursor).toBeUndefined();
    await journal.close();
  });

  it('clamps the page size and refuses a cursor it did not make', async () => {
    const journal = await openJournal({ dir: temp.dir });
    await Promise.all(Array.from({ length: 600 }, () => journal.record({ kind: 'config_reloaded', user: 'system' })));
    expect((await journal.listAudit({})).items).toHaveLength(100);
    expect((await journal.listAudit({ limit: 10_000 })).items).toHaveLength(500);
    expect((await journal.listAudit({ limit: 0 })).items).toHaveLength(1);
    await expect(journal.listAudit({ cursor: 'nonsense' })).rejects.toMatchObject({ code: 'bad_request' });
    await journal.close();
  });

  it('refuses calls before start and after close', async () => {
    const journal = await openJournal({ dir: temp.dir });
    await journal.close();
    await expect(journal.record({ kind: 'config_reloaded', user: 'u' })).rejects.toThrow(/closed/);
    await expect(journal.listHistory({})).rejects.toThrow(/closed/);
    await expect(journal.close()).rejects.toThrow(/closed/);
  });
});
