import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { timingFrom } from './session-timers';
import { spokenDuration, timerEndMessage } from './sweep-rounds';

const timing = timingFrom(DEFAULT_SETTINGS, { lastViewerGraceMs: 30_000 });

describe('why a timer ended a session, as a user reads it', () => {
  it('says lengths of time in seconds, minutes and hours', () => {
    expect([30_000, 90_000, 60_000, 120_000, 15 * 60_000, 3_600_000, 5_400_000, 24 * 3_600_000].map(spokenDuration)).toEqual([
      '30 seconds',
      '90 seconds',
      '1 minute',
      '2 minutes',
      '15 minutes',
      '1 hour',
      '1 hour 30 minutes',
      '24 hours',
    ]);
  });

  it('names what happened and for how long, never the timer', () => {
    const session = { createdAt: 0, lastActivityAt: 0, viewers: 0, lastViewerLeftAt: 1_000 };
    expect(timerEndMessage({ kind: 'inactivity', at: 15 * 60_000 }, session, timing)).toBe('nothing was typed or clicked in it for 15 minutes');
    // An extended session's limit is where its deadline was moved to.
    expect(timerEndMessage({ kind: 'max_duration', at: 26 * 3_600_000 }, { ...session, extendedDeadline: 26 * 3_600_000 }, timing)).toBe(
      'it reached its time limit, 26 hours after it started',
    );
    expect(timerEndMessage({ kind: 'last_viewer_grace', at: 31_000 }, session, timing)).toBe('nobody was watching it for 30 seconds after the last viewer left');
    expect(timerEndMessage({ kind: 'last_viewer_grace', at: 121_000 }, { ...session, lastViewerGraceMs: 120_000 }, timing)).toBe(
      'nobody was watching it for 2 minutes after the last viewer left',
    );
  });
});
