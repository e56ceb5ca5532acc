// Which local shortcuts a kiosk window keeps from the app, filtered in the window's
// before-input-event (never globalShortcut, which takes keys from every application system-wide).
// Keys that mean something inside the remote desktop (Ctrl+W, Ctrl+Q, Ctrl+R, F5, Alt+F4) go on to
// the page, which sends them to the desktop: the kiosk window has no menu to act on them, and refuses
// to close. Keys that only reach browser machinery (developer tools, the full-screen toggle) are
// swallowed. The admin chord goes on to the page, which asks for the PIN.
import { isAdminChord } from '../../shared/kiosk';

/** The fields of Electron's Input that the decision reads. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  alt: boolean;
  shift: boolean;
  meta: boolean;
}

export type KeyAction = 'to_page' | 'swallow';

/** Ctrl+Shift+I and Ctrl+Shift+J open the developer tools in Chromium (Ctrl+Shift+C stays: terminals copy with it). */
const DEVTOOLS_LETTERS = new Set(['i', 'j']);

export function kioskKeyAction(input: KeyInput): KeyAction {
  if (input.type !== 'keyDown' && input.type !== 'keyUp') return 'to_page';
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  if (isAdminChord({ key: input.key, ctrl: input.control, alt: input.alt, shift: input.shift, meta: input.meta })) return 'to_page';
  if (key === 'F11' || key === 'F12') return 'swallow';
  if (input.control && input.shift && DEVTOOLS_LETTERS.has(key)) return 'swallow';
  return 'to_page';
}
