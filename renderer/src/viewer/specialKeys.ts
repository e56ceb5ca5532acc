// Key combinations a desktop user needs but cannot type into the page (the local system takes them).
// Keysyms from X11's keysymdef.h, codes are KeyboardEvent.code values (noVNC maps them to scancodes).

export interface KeyStroke {
  keysym: number;
  code: string;
}

export interface SpecialKey {
  /** Menu label and accessible name, e.g. `Ctrl+Alt+Del`. */
  label: string;
  /** Pressed in order, released in reverse order. */
  keys: readonly KeyStroke[];
}

const K = {
  ctrl: { keysym: 0xffe3, code: 'ControlLeft' },
  alt: { keysym: 0xffe9, code: 'AltLeft' },
  shift: { keysym: 0xffe1, code: 'ShiftLeft' },
  del: { keysym: 0xffff, code: 'Delete' },
  backspace: { keysym: 0xff08, code: 'Backspace' },
  esc: { keysym: 0xff1b, code: 'Escape' },
  tab: { keysym: 0xff09, code: 'Tab' },
  super: { keysym: 0xffeb, code: 'MetaLeft' },
  print: { keysym: 0xff61, code: 'PrintScreen' },
  f: (n: number): KeyStroke => ({ keysym: 0xffbe + n - 1, code: `F${n}` }),
} as const;

export const SPECIAL_KEYS: readonly SpecialKey[] = [
  { label: 'Ctrl+Alt+Del', keys: [K.ctrl, K.alt, K.del] },
  { label: 'Ctrl+Alt+Backspace', keys: [K.ctrl, K.alt, K.backspace] },
  { label: 'Ctrl+Esc', keys: [K.ctrl, K.esc] },
  { label: 'Alt+Tab', keys: [K.alt, K.tab] },
  { label: 'Alt+F4', keys: [K.alt, K.f(4)] },
  { label: 'Super (Windows key)', keys: [K.super] },
  { label: 'Print Screen', keys: [K.print] },
  { label: 'Escape', keys: [K.esc] },
  { label: 'F8', keys: [K.f(8)] },
  { label: 'F11', keys: [K.f(11)] },
  { label: 'Ctrl+Alt+F1', keys: [K.ctrl, K.alt, K.f(1)] },
  { label: 'Ctrl+Alt+F2', keys: [K.ctrl, K.alt, K.f(2)] },
];

/** The down/up events of one combination: every key down in order, then up in reverse. */
export function keyEvents(special: SpecialKey): { stroke: KeyStroke; down: boolean }[] {
  return [
    ...special.keys.map((stroke) => ({ stroke, down: true })),
    ...[...special.keys].reverse().map((stroke) => ({ stroke, down: false })),
  ];
}

/** The local shortcut that takes the keyboard back from the desktop (as in TigerVNC's viewer). */
export const RELEASE_KEY = 'F8';

export const isReleaseShortcut = (event: { key: string; ctrlKey: boolean; altKey: boolean; metaKey: boolean; shiftKey: boolean }) =>
  event.key === RELEASE_KEY && !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
