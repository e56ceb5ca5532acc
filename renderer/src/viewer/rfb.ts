// The seam to noVNC: the part of its RFB object a viewer drives, how its events carry their
// detail, and the settings and input that go straight to it (scaling, special keys, paste).
import { keyEvents, type SpecialKey } from './specialKeys';

export type ScaleMode = 'fit' | 'actual' | 'remote';

/** The part of noVNC's RFB this module drives. */
export interface RfbLike {
  scaleViewport: boolean;
  clipViewport?: boolean;
  resizeSession?: boolean;
  viewOnly?: boolean;
  focus(): void;
  blur?(): void;
  disconnect(): void;
  sendCtrlAltDel?(): void;
  sendKey?(keysym: number, code: string | null, down?: boolean): void;
  clipboardPasteFrom?(text: string): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** noVNC is given no credentials: the bridge authenticates with the VNC server and offers the viewer security None. */
export type RfbFactory = (target: HTMLElement, url: string, options: { wsProtocols: string[] }) => RfbLike;

/** noVNC's events are CustomEvents with an object detail (reason, text, clean, ...). */
export const detailOf = (event: Event): Record<string, unknown> => {
  const detail = (event as CustomEvent<unknown>).detail;
  return typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {};
};

export function applyScaleMode(rfb: RfbLike, mode: ScaleMode): void {
  rfb.clipViewport = false;
  // Remote resize keeps scaling on, so a server that cannot resize shows the chosen size scaled.
  rfb.scaleViewport = mode !== 'actual';
  rfb.resizeSession = mode === 'remote';
}

/** Presses a key combination: Ctrl+Alt+Del through noVNC's own call, the rest key by key. */
export function sendSpecialKeys(rfb: RfbLike, special: SpecialKey): void {
  if (special.label === 'Ctrl+Alt+Del' && rfb.sendCtrlAltDel) {
    rfb.sendCtrlAltDel();
    return;
  }
  for (const { stroke, down } of keyEvents(special)) rfb.sendKey?.(stroke.keysym, stroke.code, down);
}
