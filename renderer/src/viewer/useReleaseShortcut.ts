// F8 in the desktop takes the keyboard back (like TigerVNC's viewer); `onRelease` decides what gets
// the keyboard next (the keys menu, or the toolbar).
import { type RefObject, useEffect, useRef } from 'react';
import { isReleaseShortcut } from './specialKeys';

export function useReleaseShortcut(active: boolean, desktop: RefObject<HTMLElement | null>, onRelease: () => void): void {
  const onReleaseRef = useRef(onRelease);
  onReleaseRef.current = onRelease;
  useEffect(() => {
    if (!active) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (!isReleaseShortcut(event) || !desktop.current?.contains(document.activeElement)) return;
      event.preventDefault();
      event.stopPropagation();
      onReleaseRef.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active, desktop]);
}
