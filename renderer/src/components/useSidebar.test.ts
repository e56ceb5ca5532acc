import { describe, expect, it } from 'vitest';
import { isSidebarShortcut, sidebarShown } from './useSidebar';

describe('sidebar', () => {
  it('the user’s choice wins; until then it gives way to a desktop in a narrow window', () => {
    expect(sidebarShown('auto', false, true)).toBe(true);
    expect(sidebarShown('auto', true, false)).toBe(true);
    expect(sidebarShown('auto', true, true)).toBe(false);
    expect(sidebarShown('open', true, true)).toBe(true);
    expect(sidebarShown('closed', false, false)).toBe(false);
  });

  it('its shortcut is Ctrl+Shift+S and nothing else', () => {
    const key = (key: string, mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey', boolean>> = {}) => ({ key, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, ...mods });
    expect(isSidebarShortcut(key('S', { ctrlKey: true, shiftKey: true }))).toBe(true);
    expect(isSidebarShortcut(key('s', { ctrlKey: true }))).toBe(false);
    expect(isSidebarShortcut(key('S', { ctrlKey: true, shiftKey: true, altKey: true }))).toBe(false);
  });
});
