import { describe, expect, it } from 'vitest';
import { idlePhase, idleWarningMs, isAdminChord } from './kiosk';

describe('idle reset timing', () => {
  it('warns a minute before the reset, or halfway for short idle times, and is off at 0', () => {
    expect(idlePhase(0, 0, 10 ** 9)).toEqual({ phase: 'off' });
    expect(idleWarningMs(30)).toBe(60_000);
    expect(idleWarningMs(1)).toBe(30_000);
    const last = 1_000;
    expect(idlePhase(10, last, last + 9 * 60_000 - 1)).toEqual({ phase: 'active', warnAt: last + 9 * 60_000 });
    expect(idlePhase(10, last, last + 9 * 60_000)).toEqual({ phase: 'warning', resetAt: last + 10 * 60_000 });
    expect(idlePhase(10, last, last + 10 * 60_000)).toEqual({ phase: 'reset' });
  });
});

describe('admin chord', () => {
  it('is Ctrl+Alt+Shift+F12 and nothing less or more', () => {
    const chord = { key: 'F12', ctrl: true, alt: true, shift: true, meta: false };
    expect(isAdminChord(chord)).toBe(true);
    expect(isAdminChord({ ...chord, shift: false })).toBe(false);
    expect(isAdminChord({ ...chord, meta: true })).toBe(false);
    expect(isAdminChord({ ...chord, key: 'F11' })).toBe(false);
  });
});
