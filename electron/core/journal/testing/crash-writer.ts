// A child process for the crash test: writes audit records in a tight loop from a few concurrent
// writers and prints "ack <seq> <writer> <i> <padLength>" for each once record() has resolved.
// The test kills it with SIGKILL at a random moment.
import { createJournal } from '../journal';

const [dir = '', writers = '4'] = process.argv.slice(2);
const journal = createJournal({ dir, retentionDays: 30, log: (line) => process.stderr.write(`${line}\n`) });
await journal.start();

async function writer(w: number): Promise<never> {
  for (let i = 0; ; i += 1) {
    const padLength = (i * 37 + w * 101) % 700;
    const record = await journal.record({ kind: 'viewer_connected', sessionId: `w${w}`, user: 'crash-test', details: { w, i, pad: 'x'.repeat(padLength) } });
    process.stdout.write(`ack ${record.seq} ${w} ${i} ${padLength}\n`);
  }
}

await Promise.all(Array.from({ length: Number(writers) }, (_, w) => writer(w)));
