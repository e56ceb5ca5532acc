import { describe, expect, it } from 'vitest';
import { kioskKeyAction, type KeyInput } from './escape-keys';

const key = (spec: string, type = 'keyDown'): KeyInput => {
  const parts = spec.split('+');
  const name = parts.pop()!;
  return { type, key: name, control: parts.includes('Ctrl'), alt: parts.includes('Alt'), shift: parts.includes('Shift'), meta: parts.includes('Meta') };
};

describe('kiosk window keys', () => {
  it.each(['F11', 'F12', 'Shift+F11', 'Ctrl+Shift+I', 'Ctrl+Shift+J', 'Ctrl+Shift+i'])('swallows %s (browser machinery)', (spec) => {
    expect(kioskKeyAction(key(spec))).toBe('swallow');
    expect(kioskKeyAction(key(spec, 'keyUp'))).toBe('swallow');
  });

  it.each(['Ctrl+w', 'Ctrl+q', 'Ctrl+r', 'Alt+F4', 'F5', 'Ctrl+Shift+C', 'a', 'Ctrl+Alt+Delete', 'Ctrl+-'])('sends %s to the desktop', (spec) => {
    expect(kioskKeyAction(key(spec))).toBe('to_page');
  });

  it('lets the admin chord reach the page, which asks for the PIN', () => {
    expect(kioskKeyAction(key('Ctrl+Alt+Shift+F12'))).toBe('to_page');
    expect(kioskKeyAction(key('Ctrl+Alt+F12'))).toBe('swallow');
  });
});
