// Daily metrics -> the series the chart draws: one point per UTC day from the first to the last,
// days without a row count as zero, types summed.
import type { MetricsRow } from '../../../electron/shared/journal';

export interface DayPoint {
  day: string;
  started: number;
  failed: number;
  refused: number;
  /** Total session time that day, in hours. */
  hours: number;
  peakConcurrent: number;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function dailySeries(rows: readonly MetricsRow[], range: { fromDay?: string; toDay?: string } = {}, maxDays = 366): DayPoint[] {
  if (rows.length === 0) return [];
  const byDay = new Map<string, DayPoint>();
  for (const row of rows) {
    const point = byDay.get(row.day) ?? { day: row.day, started: 0, failed: 0, refused: 0, hours: 0, peakConcurrent: 0 };
    point.started += row.started;
    point.failed += row.failed;
    point.refused += row.refused;
    point.hours += row.totalDurationMs / 3_600_000;
    point.peakConcurrent = Math.max(point.peakConcurrent, row.peakConcurrent);
    byDay.set(row.day, point);
  }
  const days = [...byDay.keys()].filter((day) => Number.isFinite(msOf(day))).sort();
  // The filter's days when given (so quiet days show as zero), else the data's extent.
  const fromMs = range.fromDay ? msOf(range.fromDay) : NaN;
  const toMs = range.toDay ? msOf(range.toDay) : NaN;
  const first = Number.isFinite(fromMs) ? Math.min(fromMs, msOf(days[0] ?? '')) : msOf(days[0] ?? '');
  const last = Number.isFinite(toMs) ? Math.max(toMs, msOf(days[days.length - 1] ?? '')) : msOf(days[days.length - 1] ?? '');
  const series: DayPoint[] = [];
  for (let ms = Math.max(first, last - (maxDays - 1) * DAY_MS); ms <= last; ms += DAY_MS) {
    const day = dayOf(ms);
    series.push(byDay.get(day) ?? { day, started: 0, failed: 0, refused: 0, hours: 0, peakConcurrent: 0 });
  }
  return series;
}

/** A "nice" axis maximum (1, 2, 5 x 10^n) at or above `value`, at least 1. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** Axis steps for the count axis (whole numbers) and the matching step of the use axis (shared grid lines). */
export function chartAxes(maxCount: number, maxUse: number): { steps: number; countStep: number; useStep: number } {
  const top = Math.max(1, Math.ceil(maxCount));
  const countStep = top <= 4 ? 1 : Math.ceil(niceMax(top / 4));
  const steps = Math.max(1, Math.ceil(top / countStep));
  const useStep = niceMax(maxUse / steps);
  return { steps, countStep, useStep };
}
