// History paging with 100,000 stored sessions: p50/p99 time per page, with and without filters, as
// the engine calls it (Journal.listHistory). Also the time to store them (group commit) and to load
// them at start. Run: npm run bench:history [-- --entries N]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createJournal, type JournalService } from '../electron/core/journal';
import type { HistoryEntry, HistoryQuery } from '../electron/shared/journal';

const entriesArg = process.argv.indexOf('--entries');
const ENTRIES = entriesArg > 0 ? Number(process.argv[entriesArg + 1]) : 100_000;
const RUNS = 500;
const NOW = Date.parse('2026-03-31T12:00:00Z');
const SPAN_MS = 28 * 86_400_000; // within the 30-day retention
const TYPES = ['Local Desktop', 'Cluster Node Session', 'Kiosk', 'Build Box', 'Design Review'];
// Independent of the type (7 vs 5), skewed; server_exited is rare (1 in 100), as failures are.
const CAUSES = ['user_stopped', 'user_stopped', 'user_stopped', 'inactivity_timeout', 'inactivity_timeout', 'last_viewer_left', 'max_duration'];

function entry(i: number): HistoryEntry {
  const endedAt = NOW - SPAN_MS + Math.floor((i / ENTRIES) * SPAN_MS);
  const durationMs = 60_000 + ((i * 7919) % 3_600_000);
  return {
    id: `bench-${i.toString(36).padStart(6, '0')}`,
    type: TYPES[i % TYPES.length] as string,
    index: i % 8,
    size: '1280x800',
    user: `user${i % 50}`,
    startedAt: endedAt - durationMs,
    endedAt,
    durationMs,
    state: i % 100 === 7 ? 'failed' : 'terminated',
    cause: i % 100 === 7 ? 'server_exited' : (CAUSES[i % CAUSES.length] as string),
    bytesToViewer: (i * 104_729) % 50_000_000,
    bytesFromViewer: (i * 7_919) % 500_000,
    viewers: 1 + (i % 3),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function measure(journal: JournalService, name: string, queries: HistoryQuery[]): Promise<void> {
  for (const query of queries.slice(0, 20)) await journal.listHistory(query); // warm-up
  const times: number[] = [];
  let items = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const query = queries[run % queries.length] as HistoryQuery;
    const started = performance.now();
    const page = await journal.listHistory(query);
    times.push(performance.now() - started);
    items += page.items.length;
  }
  times.sort((a, b) => a - b);
  const ms = (value: number): string => `${value.toFixed(3).padStart(7)} ms`;
  console.log(
    `${name.padEnd(40)} p50 ${ms(percentile(times, 50))}  p99 ${ms(percentile(times, 99))}  max ${ms(times[times.length - 1] as number)}  (${(items / RUNS).toFixed(0)} items/page)`,
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'history-bench-'));
  const options = { dir, retentionDays: 30, now: () => NOW, log: () => undefined };
  try {
    let journal = createJournal(options);
    await journal.start();
    let started = performance.now();
    const BATCH = 1_000; // concurrent ends share one fdatasync (group commit)
    for (let i = 0; i < ENTRIES; i += BATCH) {
      await Promise.all(Array.from({ length: Math.min(BATCH, ENTRIES - i) }, (_, k) => journal.recordEnded(entry(i + k))));
    }
    console.log(`stored ${ENTRIES} ended sessions in ${(performance.now() - started).toFixed(0)} ms (batches of ${BATCH})`);
    await journal.close();

    started = performance.now();
    journal = createJournal(options);
    await journal.start();
    console.log(`loaded them at start in ${(performance.now() - started).toFixed(0)} ms; heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);

    // Cursors spread over the whole history, for deep pages.
    const cursors: string[] = [];
    let page = await journal.listHistory({ limit: 100 });
    while (page.nextCursor !== undefined) {
      cursors.push(page.nextCursor);
      page = await journal.listHistory({ limit: 100, cursor: page.nextCursor });
    }
    const deep = (extra: HistoryQuery): HistoryQuery[] => cursors.filter((_, i) => i % 7 === 3).map((cursor) => ({ ...extra, cursor }));
    const dayStart = NOW - 10 * 86_400_000;

    console.log(`history page times over ${RUNS} calls each, ${ENTRIES} sessions:`);
    await measure(journal, 'no filter, first page (100)', [{}]);
    await measure(journal, 'no filter, first page (500)', [{ limit: 500 }]);
    await measure(journal, 'no filter, deep pages by cursor (100)', deep({}));
    await measure(journal, 'type (1 in 5), first page', [{ type: 'Kiosk' }]);
    await measure(journal, 'type (1 in 5), deep pages by cursor', deep({ type: 'Kiosk' }));
    await measure(journal, 'cause (1 in 100), first page', [{ cause: 'server_exited' }]);
    await measure(journal, 'cause (1 in 100), deep pages by cursor', deep({ cause: 'server_exited' }));
    await measure(journal, 'one day (time range), first page', [{ from: dayStart, to: dayStart + 86_400_000 }]);
    await measure(journal, 'type + cause + 7 days, first page', [{ type: 'Kiosk', cause: 'max_duration', from: dayStart - 6 * 86_400_000, to: dayStart + 86_400_000 }]);
    await measure(journal, 'type + cause with no session in common', [{ type: 'Kiosk', cause: 'nonexistent' }]);
    await measure(journal, 'type (1 in 5) + range with no session', [{ type: 'Kiosk', from: NOW + 1, to: NOW + 2 }]);
    await measure(journal, 'type + cause (1 in 35), 500 per page', [{ type: 'Kiosk', cause: 'max_duration', limit: 500 }]);
    await journal.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
