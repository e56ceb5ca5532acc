import { describe, expect, it } from 'vitest';
import { session } from '../testing/fakes';
import { afterDisconnect, afterExtend, WARNING_LEAD_MS, warningTimer } from './sessionFuture';

const at = (h: number, m: number) => new Date(2026, 11, 1, h, m).getTime();
const now = at(10, 0);

describe('what happens next', () => {
  it('after a Disconnect, reads the timer that will end the session', () => {
    expect(afterDisconnect(session({ nextTimer: { kind: 'last_viewer_grace', at: now + 30_000 } }), now)).toBe(
      'It stops at 10:00 (in 00:30) because no viewer is connected, unless you view it again.',
    );
    expect(afterDisconnect(session({ nextTimer: { kind: 'inactivity', at: at(10, 15) }, deadline: at(18, 0) }), now)).toBe(
      'It keeps running without a viewer until its inactivity timeout: it closes at 10:15 (in 15:00) unless you view or extend it. It ends at 18:00 at the latest (maximum duration).',
    );
    expect(afterDisconnect(session({ nextTimer: { kind: 'max_duration', at: at(11, 0) } }), now)).toBe('It keeps running until its maximum duration, at 11:00 (in 1:00:00).');
    expect(afterDisconnect(session(), now)).toBe('It keeps running until you stop it.');
  });

  it('after Extend, says the new deadline', () => {
    expect(afterExtend({ timer: { kind: 'inactivity', at: at(10, 15) }, deadline: at(18, 0) }, now)).toBe(
      'Extended: it now closes after inactivity at 10:15 at the earliest, and ends by 18:00 at the latest.',
    );
    expect(afterExtend({}, now)).toBe('Extended.');
  });

  it('warns about the engine’s warning while its timer stands, and about any timer closer than the lead', () => {
    const timer = { kind: 'inactivity' as const, at: now + 10 * 60_000 };
    expect(warningTimer(session({ nextTimer: timer }), timer, now)).toEqual(timer);
    expect(warningTimer(session({ nextTimer: timer }), undefined, now)).toBeNull();
    // Extend moved the timer: the old warning no longer stands.
    expect(warningTimer(session({ nextTimer: { ...timer, at: timer.at + 60_000 } }), timer, now)).toBeNull();
    const soon = { kind: 'max_duration' as const, at: now + WARNING_LEAD_MS - 1 };
    expect(warningTimer(session({ nextTimer: soon }), undefined, now)).toEqual(soon);
    expect(warningTimer(session(), timer, now)).toBeNull();
  });
});
