// Metrics as CSV (RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break
// quoted, quotes doubled; text cells that a spreadsheet would take for a formula neutralised). JSON
// needs no helper: it is the rows themselves.
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
  // Last, so the columns before it stay where they were: empty for this machine.
  'host',
  'meanQueueWaitMs',
  'maxQueueWaitMs',
] as const satisfies readonly (keyof MetricsRow)[];

// Fails to compile when MetricsRow gains a field the CSV does not export.
const _everyColumn: [Exclude<keyof MetricsRow, (typeof COLUMNS)[number]>] extends [never] ? true : never = true;

/** A spreadsheet runs a cell starting with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Numbers stay numbers (a negative one too); text that a spreadsheet would run gets a leading ' (OWASP). */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function metricsToCsv(rows: readonly MetricsRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((column) => csvField(row[column] ?? '')).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
