// Metrics as CSV (RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break
// quoted, quotes doubled). JSON needs no helper: it is the rows themselves.
import type { MetricsRow } from './journal';

const COLUMNS = [
  'day',
  'type',
  'started',
  'failed',
  'refused',
  'totalDurationMs',
  'meanDurationMs',
  'peakConcurrent',
  'bytesToViewer',
  'bytesFromViewer',
] as const satisfies readonly (keyof MetricsRow)[];

// Fails to compile when MetricsRow gains a field the CSV does not export.
const _everyColumn: [Exclude<keyof MetricsRow, (typeof COLUMNS)[number]>] extends [never] ? true : never = true;

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function metricsToCsv(rows: readonly MetricsRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
