// One connection per mounted viewer (openViewerConnection), its status in React state and in the
// store (the tabs show its phase); the user's scaling choice followed as it changes.
import RFB from '@novnc/novnc';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useApi } from '../api/apiContext';
import { useDeckStore } from '../store/useDeckStore';
import { hasFirstFrame } from './canvasProbe';
import type { RfbFactory, RfbLike, ScaleMode } from './rfb';
import { openViewerConnection, type ViewerConnection } from './viewerConnection';
import type { ViewerStatus } from './viewerStatus';

const createRfb: RfbFactory = (target, url, options) => new RFB(target, url, options);
/** noVNC learns whether the server can resize from its first ExtendedDesktopSize update (not public API). */
const probeRemoteResize = (rfb: RfbLike) => (rfb as unknown as { _supportsSetDesktopSize?: boolean })._supportsSetDesktopSize === true;

const INITIAL: ViewerStatus = { state: 'connecting', phase: 'ticket', detail: 'Requesting a viewer ticket…', failed: false, attempt: 0 };

export interface ViewerConnectionInputs {
  sessionId: string;
  /** The element noVNC draws into. */
  target: RefObject<HTMLDivElement | null>;
  /** Read at each (re)connect; a change alone does not reconnect. */
  viewOnly: boolean;
  scaleMode: ScaleMode;
  /** Text the desktop put on its clipboard (a new function each render is fine). */
  onClipboard(text: string): void;
  /** Whether to give the desktop the keyboard on connect. */
  focusOnConnect(): boolean;
}

export function useViewerConnection(inputs: ViewerConnectionInputs): { status: ViewerStatus; connection: RefObject<ViewerConnection | null> } {
  const api = useApi();
  const actions = useDeckStore((state) => state.actions);
  const [status, setStatus] = useState<ViewerStatus>(INITIAL);
  const connection = useRef<ViewerConnection | null>(null);
  // The connection lives across renders; it reads the latest inputs through this.
  const latest = useRef(inputs);
  latest.current = inputs;
  const { sessionId, target, scaleMode } = inputs;

  useEffect(() => {
    const element = target.current;
    if (!element) return undefined;
    setStatus(INITIAL);
    const opened = openViewerConnection({
      api,
      sessionId,
      target: element,
      createRfb,
      viewOnly: latest.current.viewOnly,
      scaleMode: latest.current.scaleMode,
      onStatus: (next) => {
        setStatus(next);
        actions.setViewerPhase(sessionId, next.phase);
        // A dropped desktop may mean the host is down: the lists find out (and the window says so).
        if (next.phase === 'retry_wait') actions.requestRefresh();
      },
      onClipboard: (text) => latest.current.onClipboard(text),
      probeFirstFrame: () => hasFirstFrame(element),
      probeRemoteResize,
      focusOnConnect: () => latest.current.focusOnConnect(),
      firstTicket: actions.takeViewerTicket(sessionId),
    });
    connection.current = opened;
    return () => {
      opened.close();
      connection.current = null;
      actions.setViewerPhase(sessionId, null);
      // No connection, no live picture: an old one would pass for current.
      actions.setThumbnail(sessionId, null);
    };
  }, [api, sessionId, actions, target]);

  // The user's scaling choice is everyone's: a viewer follows it (another tab's change included).
  useEffect(() => connection.current?.setScaleMode(scaleMode), [scaleMode]);

  return { status, connection };
}
