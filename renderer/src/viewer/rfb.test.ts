import { describe, expect, it, vi } from 'vitest';
import { applyScaleMode, detailOf, type RfbLike, sendSpecialKeys } from './rfb';
import { SPECIAL_KEYS } from './specialKeys';

const key = (label: string) => {
  const found = SPECIAL_KEYS.find((special) => special.label === label);
  if (!found) throw new Error(`no key ${label}`);
  return found;
};

function fakeRfb(withCtrlAltDel = true) {
  const rfb = {
    scaleViewport: false,
    sendKey: vi.fn(),
    focus: () => {},
    disconnect: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    ...(withCtrlAltDel ? { sendCtrlAltDel: vi.fn() } : {}),
  };
  return rfb satisfies RfbLike;
}

describe('the noVNC seam', () => {
  it("reads an event's object detail, and nothing from anything else", () => {
    expect(detailOf(new CustomEvent('clipboard', { detail: { text: 'hi' } }))).toEqual({ text: 'hi' });
    expect(detailOf(new CustomEvent('x', { detail: 'text' }))).toEqual({});
    expect(detailOf(new Event('connect'))).toEqual({});
  });

  it('scaling: fit scales, 1:1 does not, remote resizes and still scales; never clips', () => {
    const rfb: RfbLike = { ...fakeRfb(), clipViewport: true };
    const modes = (['actual', 'remote', 'fit'] as const).map((mode) => {
      applyScaleMode(rfb, mode);
      return [rfb.scaleViewport, rfb.resizeSession, rfb.clipViewport];
    });
    expect(modes).toEqual([
      [false, false, false],
      [true, true, false],
      [true, false, false],
    ]);
  });

  it("sends Ctrl+Alt+Del through noVNC's own call when it has one, key by key otherwise", () => {
    const rfb = fakeRfb();
    sendSpecialKeys(rfb, key('Ctrl+Alt+Del'));
    expect(rfb.sendCtrlAltDel).toHaveBeenCalledTimes(1);
    expect(rfb.sendKey).not.toHaveBeenCalled();
    const plain = fakeRfb(false);
    sendSpecialKeys(plain, key('Ctrl+Alt+Del'));
    expect(plain.sendKey.mock.calls.map(([, code, down]) => `${code}${down ? '↓' : '↑'}`)).toEqual([
      'ControlLeft↓',
      'AltLeft↓',
      'Delete↓',
      'Delete↑',
      'AltLeft↑',
      'ControlLeft↑',
    ]);
  });
});
