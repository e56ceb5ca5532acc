// While connected: the desktop's size now (a remote resize changes it, read from noVNC's canvas) and,
// while the page is visible, a small snapshot now and then for the session cards' thumbnails.
import { type RefObject, useEffect, useState } from 'react';
import type { ViewerActions } from '../store/deckTypes';
import { snapshot } from './canvasProbe';

const THUMBNAIL_EVERY_MS = 5_000;
/** A remote resize takes a moment; the new size is read this long after asking. */
const RESIZE_SETTLE_MS = 1_000;

const canvasSize = (target: HTMLElement | null): string | null => {
  const canvas = target?.querySelector('canvas');
  return canvas && canvas.width > 0 ? `${canvas.width}x${canvas.height}` : null;
};

export interface DesktopSnapshots {
  /** `WxH` of the desktop as drawn, once known. */
  remoteSize: string | null;
  /** Reads the size again soon (after a scaling change), rather than at the next thumbnail. */
  readSizeSoon(): void;
}

export function useDesktopSnapshots(
  target: RefObject<HTMLElement | null>,
  connected: boolean,
  sessionId: string,
  setThumbnail: ViewerActions['setThumbnail'],
): DesktopSnapshots {
  const [remoteSize, setRemoteSize] = useState<string | null>(null);
  const readSize = () => {
    const size = canvasSize(target.current);
    if (size) setRemoteSize(size);
  };
  useEffect(() => {
    if (!connected) return undefined;
    const take = () => {
      readSize();
      if (document.visibilityState === 'visible') setThumbnail(sessionId, snapshot(target.current));
    };
    take();
    const timer = setInterval(take, THUMBNAIL_EVERY_MS);
    return () => clearInterval(timer);
  }, [connected, sessionId, setThumbnail, target]);
  return { remoteSize, readSizeSoon: () => void setTimeout(readSize, RESIZE_SETTLE_MS) };
}
