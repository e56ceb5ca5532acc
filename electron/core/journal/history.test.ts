import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, HistoryQuery } from '../../shared/journal';
import { HistoryIndex } from './history-index';
import { LogSpy, historyEntry, makeTempDir, openJournal } from './testing/journal-fixture';

const T0 = Date.parse('2026-03-01T00:00:00Z');

function collect(index: HistoryIndex, query: HistoryQuery): HistoryEntry[] {
  const items: HistoryEntry[] = [];
  let cursor = query.cursor;
  do {
    const page = index.page({ ...query, cursor });
    expect(page.items.length).toBeLessThanOrEqual(query.limit ?? 100);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

/** The answer by brute force: filter, then sort newest first by (endedAt, id). */
function expected(entries: HistoryEntry[], query: HistoryQuery): HistoryEntry[] {
  return entries
    .filter((e) => (query.type === undefined || e.type === query.type) && (query.cause === undefined || e.cause === query.cause))
    .filter((e) => (query.from === undefined || e.endedAt >= query.from) && (query.to === undefined || e.endedAt <= query.to))
    .sort((a, b) => b.endedAt - a.endedAt || (a.id < b.id ? 1 : -1));
}

describe('history index', () => {
  // Entries arrive out of order and share end times, to exercise the (endedAt, id) key.
  const entries = Array.from({ length: 1000 }, (_, i) =>
    historyEntry({
      endedAt: T0 + ((i * 7919) % 997) * 60_000,
      type: ['A', 'B', 'C'][i % 3] as string,
      cause: ['user_stopped', 'inactivity_timeout', 'server_exited', 'max_duration'][i % 4] as string,
    }),
  );
  const index = new HistoryIndex();
  for (const entry of entries) index.add(entry);

  it.each<HistoryQuery>([
    {},
    { limit: 33 },
    { type: 'B' },
    { cause: 'server_exited', limit: 17 },
    { type: 'A', cause: 'max_duration' },
    { from: T0 + 100 * 60_000, to: T0 + 400 * 60_000, limit: 50 },
    { type: 'C', from: T0 + 900 * 60_000 },
    { type: 'nope' },
  ])('pages %j like a brute-force filter and sort', (query) => {
    expect(collect(index, query)).toEqual(expected(entries, query));
  });

  it('keeps a cursor stable while newer sessions end between pages', () => {
    const local = new HistoryIndex();
    for (const entry of entries) local.add(entry);
    const first = local.page({ limit: 100 });
    for (let i = 0; i < 50; i += 1) local.add(historyEntry({ endedAt: T0 + 2000 * 60_000 + i }));
    const rest = collect(local, { limit: 100, cursor: first.nextCursor });
    expect([...first.items, ...rest]).toEqual(expected(entries, {}));
  });

  it('drops old entries from every list it keeps (all, per type, per cause)', () => {
    const local = new HistoryIndex();
    for (const entry of entries) local.add(entry);
    const cut = T0 + 500 * 60_000;
    local.dropEndedBefore(cut);
    const kept = entries.filter((entry) => entry.endedAt >= cut);
    for (const query of [{}, { type: 'A' }, { cause: 'max_duration' }, { type: 'B', cause: 'user_stopped' }]) {
      expect(collect(local, query)).toEqual(expected(kept, query));
    }
    expect(local.size).toBe(kept.length);
    expect(local.has((entries.find((entry) => entry.endedAt < cut) as HistoryEntry).id)).toBe(false);
  });

  it('ignores a second entry with the same id', () => {
    const local = new HistoryIndex();
    const entry = historyEntry();
    expect(local.add(entry)).toBe(true);
    expect(local.add({ ...entry, cause: 'other' })).toBe(false);
    expect(local.page({}).items).toEqual([entry]);
  });
});

describe('journal history', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await temp.remove();
  });

  it('keeps every ended session across a restart, duplicates ignored', async () => {
    const log = new LogSpy();
    let journal = await openJournal({ dir: temp.dir, log: log.log, now: () => T0 });
    const saved = Array.from({ length: 20 }, (_, i) => historyEntry({ endedAt: T0 + i * 3_600_000 * 5 }));
    await Promise.all(saved.map((entry) => journal.recordEnded(entry)));
    await journal.recordEnded({ ...(saved[3] as HistoryEntry), cause: 'again' });
    expect(log.lines.some((line) => line.includes('already in the history'))).toBe(true);
    await journal.close();

    journal = await openJournal({ dir: temp.dir, now: () => T0 });
    const page = await journal.listHistory({ limit: 500 });
    expect(page.items).toEqual([...saved].reverse());
    expect(page.nextCursor).toBeUndefined();
    await journal.close();
  });
});
