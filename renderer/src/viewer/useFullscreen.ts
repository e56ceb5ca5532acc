// Full screen for the desktops' area (tabs and toolbar included, so F8 or the pointer at the top
// edge can reveal them): edge to edge, the keyboard left with the desktop, and where the browser
// offers it (Chromium's Keyboard Lock) Escape and system keys go to the desktop too; holding
// Escape leaves full screen.
import { useEffect, useState, type RefObject } from 'react';

interface KeyboardLock {
  lock?(keys?: string[]): Promise<void>;
  unlock?(): void;
}
const keyboardLock = (): KeyboardLock | undefined => (navigator as unknown as { keyboard?: KeyboardLock }).keyboard;

export interface Fullscreen {
  on: boolean;
  toggle(): void;
}

/**
 * `inside`: an element within the area (the viewer's panel); the area is its `.viewer-area`.
 * `afterEnter` runs once full screen is on (it gives the keyboard back to the desktop).
 */
export function useFullscreen(inside: RefObject<HTMLElement | null>, afterEnter: () => void, onRefused: (reason: string) => void): Fullscreen {
  const [on, setOn] = useState(false);
  useEffect(() => {
    const onChange = () => {
      const element = document.fullscreenElement;
      setOn(element !== null && inside.current !== null && element.contains(inside.current));
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [inside]);
  const toggle = () => {
    if (on) {
      keyboardLock()?.unlock?.();
      void document.exitFullscreen().catch(() => undefined);
      return;
    }
    const area = inside.current?.closest<HTMLElement>('.viewer-area') ?? inside.current;
    void area
      ?.requestFullscreen({ navigationUI: 'hide' })
      .then(() => {
        afterEnter();
        return keyboardLock()?.lock?.().catch(() => undefined);
      })
      .catch((error: unknown) => onRefused(`Full screen refused: ${String(error)}`));
  };
  return { on, toggle };
}
