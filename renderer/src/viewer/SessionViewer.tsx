// The embedded noVNC view of one session. End-to-end tests wait on
// [data-testid="viewer"][data-state="connected"]; noVNC's canvas lives inside that element.
import RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'react';
import type { SessionInfo } from '../../../electron/shared/session';
import { useApi } from '../api/apiContext';
import { openViewerConnection, type RfbFactory, type ViewerStatus } from './viewerConnection';

const createRfb: RfbFactory = (target, url, options) => new RFB(target, url, options);

const INITIAL: ViewerStatus = { state: 'connecting', detail: 'Requesting a viewer ticket…', failed: false };

export function SessionViewer({ session }: { session: SessionInfo }) {
  const api = useApi();
  const targetRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<ViewerStatus>(INITIAL);
  // Bumped by Reconnect: each attempt needs a fresh single-use ticket.
  const [attempt, setAttempt] = useState(0);
  const sessionId = session.id;

  useEffect(() => {
    const target = targetRef.current;
    if (!target) return undefined;
    setStatus(INITIAL);
    return openViewerConnection({ api, sessionId, target, createRfb, onStatus: setStatus });
  }, [api, sessionId, attempt]);

  const focusDesktop = () => targetRef.current?.querySelector('canvas')?.focus();

  return (
    <section className="viewer-panel" aria-labelledby="viewer-title">
      <div className="viewer-bar">
        <h2 id="viewer-title">
          Desktop <span className="mono">{sessionId}</span>
          <span className="muted">
            {' '}
            · {session.type} · slot {session.index} · {session.size}
          </span>
        </h2>
        <p role="status" className={`viewer-status viewer-status-${status.state}${status.failed ? ' is-error' : ''}`}>
          {status.detail}
        </p>
        {status.state === 'connected' && (
          <button type="button" onClick={focusDesktop}>
            Focus desktop
          </button>
        )}
        {status.state === 'disconnected' && (
          <button type="button" onClick={() => setAttempt((n) => n + 1)}>
            Reconnect
          </button>
        )}
      </div>
      <div className="viewer-frame">
        <div
          ref={targetRef}
          className="viewer"
          data-testid="viewer"
          data-state={status.state}
          data-session-id={sessionId}
          aria-label={`Desktop of session ${sessionId}`}
          role="region"
        />
        {status.state !== 'connected' && (
          <div className="viewer-overlay" aria-hidden="true">
            {status.detail}
          </div>
        )}
      </div>
    </section>
  );
}
