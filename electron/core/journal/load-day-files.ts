// Reads every day file of a log at start, oldest day first, skipping (and counting) damaged lines.
import { readFile } from 'node:fs/promises';
import { dayFilePath, listDays } from './day-file-appender';
import { decodeFile, type DecodedLine } from './line-codec';

export async function loadDayFiles(
  dir: string,
  onLine: (day: string, line: DecodedLine) => boolean,
  log: (line: string) => void,
): Promise<void> {
  for (const day of await listDays(dir)) {
    const path = dayFilePath(dir, day);
    const { lines, bad } = decodeFile(await readFile(path));
    let rejected = 0;
    for (const line of lines) if (!onLine(day, line)) rejected += 1;
    if (bad + rejected > 0) {
      log(`journal: ${path}: skipped ${bad} damaged or torn line(s) and ${rejected} unexpected record(s)`);
    }
  }
}
