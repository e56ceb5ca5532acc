// kill -9 in the middle of heavy writing, again and again: every record the writer was told is
// durable must read back intact; only records in flight may be missing; nothing earlier is damaged.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../shared/journal';
import { dayFilePath, listDays } from './day-file-appender';
import { decodeFile } from './line-codec';
import { makeTempDir, openJournal } from './testing/journal-fixture';

const KILLS = 25;
const WRITERS = 4;

interface Ack {
  w: number;
  i: number;
  padLength: number;
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let writerScript: string;

beforeAll(async () => {
  temp = await makeTempDir('journal-crash-');
  // Bundled once, so each of the many runs starts in tens of milliseconds.
  writerScript = join(temp.dir, 'crash-writer.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('./testing/crash-writer.ts', import.meta.url))],
    outfile: writerScript,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
});
afterAll(async () => {
  await temp.remove();
});

/** Runs the writer until it has acknowledged `acksWanted` records, then kills it with SIGKILL. */
function runAndKill(dir: string, acksWanted: number, acks: Map<number, Ack>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [writerScript, dir, String(WRITERS)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [, seq, w, i, padLength] = line.split(' ').map(Number);
        acks.set(seq as number, { w: w as number, i: i as number, padLength: padLength as number });
        seen += 1;
      }
      if (seen >= acksWanted && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited on its own (${code}): ${stderr}`));
    });
  });
}

describe('audit log under kill -9', () => {
  it(`loses no acknowledged record and damages nothing earlier over ${KILLS} kills`, async () => {
    const dir = join(temp.dir, 'journal');
    const acks = new Map<number, Ack>();
    for (let run = 0; run < KILLS; run += 1) {
      // Kill after a varying number of acks: early in the start, or deep in a burst.
      await runAndKill(dir, 1 + ((run * 53) % 200), acks);
    }

    const journal = await openJournal({ dir });
    const records: AuditRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await journal.listAudit({ limit: 500, cursor });
      records.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    await journal.close();

    const bySeq = new Map(records.map((record) => [record.seq, record]));
    for (const [seq, ack] of acks) {
      const record = bySeq.get(seq);
      expect(record, `acknowledged record ${seq}`).toBeDefined();
      expect(record?.details).toEqual({ w: ack.w, i: ack.i, pad: 'x'.repeat(ack.padLength) });
    }
    // A record lost in flight was never acknowledged, so its seq is given again after the restart:
    // the log stays gapless and unique.
    const seqs = records.map((record) => record.seq).reverse();
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(records.length).toBeGreaterThanOrEqual(acks.size);

    // Each kill can tear at most the line being written; every other line is intact.
    let bad = 0;
    for (const day of await listDays(join(dir, 'audit'))) bad += decodeFile(await readFile(dayFilePath(join(dir, 'audit'), day))).bad;
    expect(bad).toBeLessThanOrEqual(KILLS);
  });
});
