import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import { DEFAULT_SETTINGS } from '../../../electron/shared/settings';
import { chartAxes, dailySeries, niceMax } from './metricsChart';
import { changedPatch, draftProblems, rangeText, serverProblems, toDraft } from './settingsForm';

describe('settings form', () => {
  it('sends only what changed, parsed', () => {
    const draft = { ...toDraft(DEFAULT_SETTINGS), userLimit: '3', recoveryMode: 'cleanup' };
    expect(changedPatch(draft, DEFAULT_SETTINGS)).toEqual({ userLimit: 3, recoveryMode: 'cleanup' });
    expect(changedPatch(toDraft(DEFAULT_SETTINGS), DEFAULT_SETTINGS)).toEqual({});
  });

  it('finds problems inline with the shared spec', () => {
    const draft = { ...toDraft(DEFAULT_SETTINGS), inactivityTimeoutMinutes: '61', maxSessionHours: 'abc', retentionDays: '' };
    const problems = draftProblems(draft, DEFAULT_SETTINGS);
    expect(problems.inactivityTimeoutMinutes).toBe('expected an integer from 1 to 60 min, found 61');
    expect(problems.maxSessionHours).toContain('found "abc"');
    // An emptied field reads as one, not as the null it is sent as.
    expect(problems.retentionDays).toMatch(/^expected an integer .*, but the field is empty$/);
    expect(Object.keys(problems)).toHaveLength(3);
  });

  it('reads the server problems of a refused update', () => {
    const error = new ApiError('bad_request', 'invalid settings', { problems: { userLimit: 'too many' } });
    expect(serverProblems(error)).toEqual({ userLimit: 'too many' });
    expect(serverProblems(new ApiError('internal', 'x'))).toBeNull();
  });

  it('words the range and default', () => {
    expect(rangeText('inactivityTimeoutMinutes')).toBe('From 1 to 60 min; default 15 min.');
    expect(rangeText('recoveryMode')).toBe('One of readopt, cleanup; default readopt.');
  });
});

describe('metrics chart series', () => {
  const row = (day: string, type: string, started: number, hours: number) => ({
    day,
    type,
    started,
    failed: 0,
    refused: 0,
    totalDurationMs: hours * 3_600_000,
    meanDurationMs: 0,
    peakConcurrent: 1,
    bytesToViewer: 0,
    bytesFromViewer: 0,
    revision: 1,
  });

  it('sums types per day and fills quiet days with zero', () => {
    const series = dailySeries([row('2026-11-03', 'a', 2, 1), row('2026-11-01', 'a', 1, 0.5), row('2026-11-01', 'b', 1, 1)]);
    expect(series.map((p) => [p.day, p.started, p.hours])).toEqual([
      ['2026-11-01', 2, 1.5],
      ['2026-11-02', 0, 0],
      ['2026-11-03', 2, 1],
    ]);
    expect(dailySeries([row('2026-11-02', 'a', 1, 1)], { fromDay: '2026-11-01', toDay: '2026-11-03' })).toHaveLength(3);
    expect(dailySeries([])).toEqual([]);
  });

  it('gives the count axis whole-number steps and the use axis matching round ones', () => {
    expect(chartAxes(2, 1.2)).toEqual({ steps: 2, countStep: 1, useStep: 1 });
    expect(chartAxes(7, 3.6)).toEqual({ steps: 4, countStep: 2, useStep: 1 });
    expect(chartAxes(0, 0)).toEqual({ steps: 1, countStep: 1, useStep: 1 });
    expect(chartAxes(41, 90)).toEqual({ steps: 3, countStep: 20, useStep: 50 });
  });

  it('picks round axis maxima', () => {
    expect([0, 0.4, 1, 3, 7, 12, 48].map(niceMax)).toEqual([1, 0.5, 1, 5, 10, 20, 50]);
  });
});
