// The kiosk's desktop, edge to edge: the kiosk session's viewer (resized to the screen for
// "screen", else scaled to fill it), reconnecting with backoff and saying so over the picture, and
// starting over on its own after the viewer gave up, since nobody at a kiosk can press a button for it.
import RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'react';
import type { DeckClient } from '../../../electron/shared/api';
import type { KioskState } from '../../../electron/shared/kiosk';
import { hasFirstFrame } from '../viewer/canvasProbe';
import { KeysMenu } from '../viewer/KeysMenu';
import type { RfbFactory } from '../viewer/rfb';
import { openViewerConnection, type ViewerConnection } from '../viewer/viewerConnection';
import { liveDetail, type ViewerStatus } from '../viewer/viewerStatus';
import { useNow } from '../lib/useNow';

const createRfb: RfbFactory = (target, url, options) => new RFB(target, url, options);
/** After the viewer gave up reconnecting: try again this much later. */
const START_OVER_MS = 30_000;

export interface KioskViewerProps {
  api: Pick<DeckClient, 'openKioskViewer'>;
  kiosk: KioskState & { session: NonNullable<KioskState['session']> };
}

export function KioskViewer({ api, kiosk }: KioskViewerProps) {
  const targetRef = useRef<HTMLDivElement>(null);
  const connectionRef = useRef<ViewerConnection | null>(null);
  const [status, setStatus] = useState<ViewerStatus | null>(null);
  const [viewOnly, setViewOnly] = useState(false);
  const now = useNow();
  const { profile, session } = kiosk;

  useEffect(() => {
    const target = targetRef.current;
    if (!target) return undefined;
    const connection = openViewerConnection({
      api: { openViewer: (_id, options) => api.openKioskViewer(options) },
      sessionId: session.id,
      target,
      createRfb,
      scaleMode: profile.size === 'screen' ? 'remote' : 'fit',
      onStatus: setStatus,
      probeFirstFrame: () => hasFirstFrame(target),
    });
    connectionRef.current = connection;
    return () => {
      connection.close();
      connectionRef.current = null;
    };
  }, [api, session.id, profile.size]);

  useEffect(() => {
    if (status?.phase !== 'disconnected') return undefined;
    const timer = setTimeout(() => connectionRef.current?.reconnect(), START_OVER_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const state = status?.state ?? 'connecting';
  const toggleViewOnly = () => {
    setViewOnly(!viewOnly);
    connectionRef.current?.reconnect({ viewOnly: !viewOnly });
  };
  return (
    <div className="kiosk-viewer" data-state={state}>
      <div className="kiosk-desktop" ref={targetRef} />
      {state !== 'connected' && (
        <div className="kiosk-overlay" role="status" aria-live="polite">
          {status ? liveDetail(status, now) : 'Connecting to the desktop…'}
        </div>
      )}
      {(profile.sendKeysMenu || profile.allowViewOnlyToggle) && (
        <div className="kiosk-tools">
          {profile.sendKeysMenu && <KeysMenu disabled={state !== 'connected' || viewOnly} onSend={(key) => connectionRef.current?.sendKeys(key)} />}
          {profile.allowViewOnlyToggle && (
            <button type="button" aria-pressed={viewOnly} onClick={toggleViewOnly}>
              {viewOnly ? 'Allow input' : 'View only'}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
