// Whether the sidebar (running sessions and types) is shown, and its shortcut. The user's choice
// wins; until there is one, it is hidden beside a desktop in a window narrower than 1200 px so the
// desktop gets the room, and shown otherwise.
import { useEffect, useState } from 'react';
import type { SidebarMode } from '../store/deckTypes';

export const NARROW_WINDOW = '(max-width: 1199px)';
/** Ctrl+Shift+S: taken before the desktop sees it, so it works while a desktop has the keyboard. */
export const SIDEBAR_SHORTCUT_LABEL = 'Ctrl+Shift+S';
export const isSidebarShortcut = (event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey'>): boolean =>
  event.ctrlKey && event.shiftKey && !event.altKey && !event.metaKey && event.key.toLowerCase() === 's';

export const sidebarShown = (mode: SidebarMode, narrow: boolean, desktopShown: boolean): boolean =>
  mode === 'open' || (mode === 'auto' && !(narrow && desktopShown));

export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(() => typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches);
  useEffect(() => {
    if (typeof window.matchMedia !== 'function') return undefined;
    const list = window.matchMedia(query);
    const onChange = () => setMatches(list.matches);
    onChange();
    list.addEventListener('change', onChange);
    return () => list.removeEventListener('change', onChange);
  }, [query]);
  return matches;
}

/** Calls `toggle` on the shortcut, in the capture phase (before noVNC's keyboard handler). */
export function useSidebarShortcut(toggle: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!isSidebarShortcut(event)) return;
      event.preventDefault();
      event.stopPropagation();
      toggle();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [toggle]);
}
