// UTC calendar days ("YYYY-MM-DD"): the unit of file rotation, retention and metrics.

export const DAY_MS = 86_400_000;

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

export function isUtcDay(value: string): boolean {
  return DAY_PATTERN.test(value) && utcDay(Date.parse(`${value}T00:00:00Z`)) === value;
}

/** The first day that retention keeps: days before it are removed. */
export function firstRetainedDay(nowMs: number, retentionDays: number): string {
  return utcDay(nowMs - retentionDays * DAY_MS);
}
