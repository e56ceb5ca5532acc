import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { ABSOLUTE_MAX_SESSION_MS, activeTimers, extendedDeadline, lastViewerGrace, nextTimer, timingFrom } from './session-timers';

const timing = timingFrom(DEFAULT_SETTINGS);

describe('session timers', () => {
  it('derives durations from the settings, overridable for tests', () => {
    expect(timing).toEqual({ inactivityTimeoutMs: 15 * 60_000, maxSessionMs: 24 * 3_600_000, lastViewerGraceMs: 0, startTimeoutMs: 30_000, sweepIntervalMs: 5_000 });
    expect(timingFrom(DEFAULT_SETTINGS, { sweepIntervalMs: 50 }).sweepIntervalMs).toBe(50);
  });

  it('picks inactivity, max duration, or the last-viewer grace, whichever comes first', () => {
    const session = { createdAt: 0, lastActivityAt: 1000, viewers: 1 };
    expect(nextTimer(session, timing)).toEqual({ kind: 'inactivity', at: 1000 + 15 * 60_000 });
    expect(nextTimer(session, { ...timing, maxSessionMs: 60_000 })).toEqual({ kind: 'max_duration', at: 60_000 });
    const left = { ...session, viewers: 0, lastViewerLeftAt: 5000 };
    expect(nextTimer(left, { ...timing, lastViewerGraceMs: 30_000 })).toEqual({ kind: 'last_viewer_grace', at: 35_000 });
  });

  it('keeps a session without viewers running by default; its type, or the setting, can stop it', () => {
    const left = { createdAt: 0, lastActivityAt: 1000, viewers: 0, lastViewerLeftAt: 5000 };
    expect(activeTimers(left, timing).map((t) => t.kind)).toEqual(['inactivity', 'max_duration']);
    expect(lastViewerGrace(left, timing)).toBeUndefined();
    // A kiosk type's own grace wins over the setting, 0 (at once) included.
    expect(nextTimer({ ...left, lastViewerGraceMs: 10_000 }, { ...timing, lastViewerGraceMs: 60_000 })).toEqual({ kind: 'last_viewer_grace', at: 15_000 });
    expect(nextTimer({ ...left, lastViewerGraceMs: 0 }, timing)).toEqual({ kind: 'last_viewer_grace', at: 5000 });
    expect(nextTimer({ ...left, viewers: 1, lastViewerLeftAt: undefined, lastViewerGraceMs: 0 }, timing)?.kind).toBe('inactivity');
  });

  it('extends to now + the maximum duration, never past the absolute bound', () => {
    const session = { createdAt: 0, lastActivityAt: 0, viewers: 0 };
    expect(extendedDeadline(session, timing, 10_000)).toBe(10_000 + 24 * 3_600_000);
    expect(extendedDeadline(session, timing, ABSOLUTE_MAX_SESSION_MS - 1000)).toBe(ABSOLUTE_MAX_SESSION_MS);
  });
});
