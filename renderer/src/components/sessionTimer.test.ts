import { describe, expect, it } from 'vitest';
import { session } from '../testing/fakes';
import { formatBytes, formatCountdown } from '../lib/format';
import { describeTimer } from './sessionTimer';

describe('session timers', () => {
  it('has nothing to say without a timer', () => {
    expect(describeTimer(session(), 0)).toBeNull();
  });

  it('counts down to the next timer and warns under 2 minutes', () => {
    const s = session({ nextTimer: { kind: 'inactivity', at: 10 * 60_000 } });
    expect(describeTimer(s, 0)).toMatchObject({ text: 'Closes after inactivity in 10:00', warning: false });
    const soon = describeTimer(s, 10 * 60_000 - 119_000);
    expect(soon).toMatchObject({ text: 'Closes after inactivity in 01:59', warning: true });
    expect(soon?.alert).toBe('Session s1 (desk) ends in less than 2 minutes (inactivity). Extend it to keep it.');
    expect(describeTimer(s, 11 * 60_000)?.text).toBe('Closes after inactivity in 00:00');
  });

  it('words each kind', () => {
    expect(describeTimer(session({ nextTimer: { kind: 'max_duration', at: 3_600_000 + 5_000 } }), 0)?.text).toBe(
      'Reaches its maximum duration in 1:00:05',
    );
    expect(describeTimer(session({ nextTimer: { kind: 'last_viewer_grace', at: 30_000 } }), 0)?.alert).toContain('View it or extend it');
  });
});

describe('format', () => {
  it('formats countdowns and byte counts', () => {
    expect(formatCountdown(65_000)).toBe('01:05');
    expect(formatCountdown(7_265_000)).toBe('2:01:05');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(3.5 * 1024)).toBe('3.50 KiB');
    expect(formatBytes(12 * 1024 * 1024)).toBe('12.0 MiB');
  });
});
