import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { KeysMenu } from './KeysMenu';
import { isReleaseShortcut, keyEvents, SPECIAL_KEYS } from './specialKeys';

describe('Send keys menu', () => {
  it('is a menu button named "Send keys", closed at first', () => {
    const html = renderToStaticMarkup(<KeysMenu disabled={false} onSend={() => {}} />);
    expect(html).toMatch(/<button[^>]*aria-haspopup="menu"[^>]*aria-expanded="false"[^>]*>Send keys <span aria-hidden="true">▾<\/span><\/button>/);
    expect(html).not.toContain('role="menu"');
  });

  it('offers Ctrl+Alt+Del first, and every combination releases its keys in reverse', () => {
    expect(SPECIAL_KEYS[0]?.label).toBe('Ctrl+Alt+Del');
    for (const special of SPECIAL_KEYS) {
      const events = keyEvents(special);
      expect(events.filter((e) => e.down).map((e) => e.stroke.code)).toEqual(special.keys.map((k) => k.code));
      expect(events.filter((e) => !e.down).map((e) => e.stroke.code)).toEqual([...special.keys].reverse().map((k) => k.code));
    }
  });

  it('takes plain F8 (no modifier) as the release shortcut', () => {
    const key = (k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey', boolean>> = {}) => ({
      key: k,
      ctrlKey: false,
      altKey: false,
      metaKey: false,
      shiftKey: false,
      ...mods,
    });
    expect(isReleaseShortcut(key('F8'))).toBe(true);
    expect(isReleaseShortcut(key('F8', { ctrlKey: true }))).toBe(false);
    expect(isReleaseShortcut(key('F7'))).toBe(false);
  });
});
