// The embedded noVNC view of one session, with its toolbar. Every open tab keeps one mounted (and
// connected); only the shown one is visible, and its status and toolbar go into the row beside the
// tabs (`controlsSlot`), so the desktop gets the height. End-to-end tests wait on
// [data-testid="viewer"][data-state="connected"] (the shown one); noVNC's canvas lives inside it.
import RFB from '@novnc/novnc';
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SessionInfo } from '../../../electron/shared/session';
import { useApi } from '../api/apiContext';
import { formatSize } from '../lib/format';
import { useDeckStore } from '../store/useDeckStore';
import { hasFirstFrame, snapshot } from './canvasProbe';
import { createClipboardSync, systemClipboard, writeClipboard } from './clipboard';
import { KeysMenu } from './KeysMenu';
import { ShareDialog } from './ShareDialog';
import { isReleaseShortcut, RELEASE_KEY } from './specialKeys';
import { useNow } from '../lib/useNow';
import { warningTimer } from '../lib/sessionFuture';
import type { RfbFactory, RfbLike, ScaleMode } from './rfb';
import { useFullscreen } from './useFullscreen';
import { WarningOverlay } from './WarningOverlay';
import { openViewerConnection, type ViewerConnection } from './viewerConnection';
import { liveDetail, type ViewerStatus } from './viewerStatus';

const createRfb: RfbFactory = (target, url, options) => new RFB(target, url, options);
/** noVNC learns whether the server can resize from its first ExtendedDesktopSize update (not public API). */
const probeRemoteResize = (rfb: RfbLike) => (rfb as unknown as { _supportsSetDesktopSize?: boolean })._supportsSetDesktopSize === true;

const INITIAL: ViewerStatus = { state: 'connecting', phase: 'ticket', detail: 'Requesting a viewer ticket…', failed: false, attempt: 0 };
const THUMBNAIL_EVERY_MS = 5_000;

const SCALE_LABELS: Record<ScaleMode, string> = {
  fit: 'Fit to window',
  actual: '1:1',
  remote: 'Resize remote',
};

/** What covers the desktop while it is not shown, with a live countdown before a reconnect. */
function ViewerOverlay({ status }: { status: ViewerStatus }) {
  const now = useNow(status.phase === 'retry_wait' ? 500 : 60_000);
  return (
    <div className="viewer-overlay" aria-hidden="true">
      {liveDetail(status, now)}
    </div>
  );
}

/** Keys typed into a view-only desktop go nowhere; their default (scrolling) must not happen either. */
const KEEPS_DEFAULT = new Set(['Tab', RELEASE_KEY]);

export interface SessionViewerProps {
  session: SessionInfo;
  active: boolean;
  /** Where the shown viewer puts its status and toolbar (the row beside the tabs); inline when absent. */
  controlsSlot?: HTMLElement | null;
}

export function SessionViewer({ session, active, controlsSlot = null }: SessionViewerProps) {
  const api = useApi();
  const actions = useDeckStore((state) => state.actions);
  const scaleMode = useDeckStore((state) => state.scaleMode);
  const warned = useDeckStore((state) => state.warnings[session.id]);
  const extended = useDeckStore((state) => state.extended[session.id]);
  const extending = useDeckStore((state) => state.pendingExtends[session.id] === true);
  const now = useNow();
  const panelRef = useRef<HTMLElement>(null);
  const targetRef = useRef<HTMLDivElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const connectionRef = useRef<ViewerConnection | null>(null);
  const activeRef = useRef(active);
  activeRef.current = active;
  const [status, setStatus] = useState<ViewerStatus>(INITIAL);
  const scaleRef = useRef(scaleMode);
  scaleRef.current = scaleMode;
  const [viewOnly, setViewOnly] = useState(false);
  const viewOnlyRef = useRef(viewOnly);
  viewOnlyRef.current = viewOnly;
  const [note, setNote] = useState('');
  const [sharing, setSharing] = useState(false);
  /** The user gave this desktop the keyboard (opened it, clicked it) and has not taken it back: a reconnect gives it back. */
  const keyboardWanted = useRef(false);
  const [keysRequest, setKeysRequest] = useState(0);
  const [desktopFocused, setDesktopFocused] = useState(false);
  const [remoteSize, setRemoteSize] = useState<string | null>(null);
  const [clipboard] = useState(() => (typeof window === 'undefined' ? null : systemClipboard(window)));
  const [clipSync] = useState(() => createClipboardSync(clipboard, (text) => connectionRef.current?.paste(text)));
  const sessionId = session.id;

  // One connection per mounted viewer; view-only and scaling changes go through it.
  useEffect(() => {
    const target = targetRef.current;
    if (!target) return undefined;
    setStatus(INITIAL);
    const connection = openViewerConnection({
      api,
      sessionId,
      target,
      createRfb,
      viewOnly: viewOnlyRef.current,
      scaleMode: scaleRef.current,
      onStatus: (next) => {
        setStatus(next);
        actions.setViewerPhase(sessionId, next.phase);
        // A dropped desktop may mean the host is down: the lists find out (and the window says so).
        if (next.phase === 'retry_wait') void actions.refresh();
      },
      onClipboard: (text) =>
        void clipSync.fromDesktop(text).then((ok) =>
          setNote(ok ? 'Desktop clipboard copied to yours.' : 'The desktop copied text, but the browser did not let it reach your clipboard.'),
        ),
      probeFirstFrame: () => hasFirstFrame(target),
      probeRemoteResize,
      // Restored tabs leave the keyboard with the page until the user clicks or focuses the desktop.
      focusOnConnect: () => {
        if (!activeRef.current) return false;
        if (actions.consumeFocusRequest(sessionId)) keyboardWanted.current = true;
        return keyboardWanted.current;
      },
    });
    connectionRef.current = connection;
    return () => {
      connection.close();
      connectionRef.current = null;
      actions.setViewerPhase(sessionId, null);
      // No connection, no live picture: an old one would pass for current.
      actions.setThumbnail(sessionId, null);
    };
  }, [api, sessionId, actions, clipSync]);

  useEffect(() => {
    if (!note) return undefined;
    const timer = setTimeout(() => setNote(''), 6_000);
    return () => clearTimeout(timer);
  }, [note]);

  // Thumbnails for the session cards: a small snapshot now and then, only while connected and visible.
  useEffect(() => {
    if (status.phase !== 'connected') return undefined;
    const take = () => {
      const canvas = targetRef.current?.querySelector('canvas');
      // The desktop's size now (a remote resize changes it), read from noVNC's canvas.
      if (canvas && canvas.width > 0) setRemoteSize(`${canvas.width}x${canvas.height}`);
      if (document.visibilityState === 'visible') actions.setThumbnail(sessionId, snapshot(targetRef.current));
    };
    take();
    const timer = setInterval(take, THUMBNAIL_EVERY_MS);
    return () => clearInterval(timer);
  }, [status.phase, sessionId, actions]);

  // F8 in the desktop takes the keyboard back (like TigerVNC's viewer) and opens the keys menu.
  useEffect(() => {
    if (!active) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (!isReleaseShortcut(event) || !targetRef.current?.contains(document.activeElement)) return;
      event.preventDefault();
      event.stopPropagation();
      connectionRef.current?.blur();
      keyboardWanted.current = false;
      // The keys menu opens where keys can be sent; otherwise focus goes to the toolbar.
      if (viewOnlyRef.current) toolbarRef.current?.querySelector<HTMLElement>('select, button')?.focus();
      else setKeysRequest((n) => n + 1);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [active]);

  // The user's scaling choice is everyone's: a viewer follows it (another tab's change included).
  useEffect(() => connectionRef.current?.setScaleMode(scaleMode), [scaleMode]);

  const focusDesktop = () => {
    keyboardWanted.current = true;
    connectionRef.current?.focus();
  };
  const fullscreenControl = useFullscreen(panelRef, focusDesktop, setNote);
  const fullscreen = fullscreenControl.on;

  const connected = status.state === 'connected';

  const changeScale = (mode: ScaleMode) => {
    actions.setScaleMode(mode);
    connectionRef.current?.setScaleMode(mode);
    // A remote resize takes a moment; read the new size soon rather than at the next thumbnail.
    setTimeout(() => {
      const canvas = targetRef.current?.querySelector('canvas');
      if (canvas && canvas.width > 0) setRemoteSize(`${canvas.width}x${canvas.height}`);
    }, 1_000);
  };
  const toggleViewOnly = () => {
    const next = !viewOnly;
    setViewOnly(next);
    // The bridge enforces view-only per ticket: a new connection with a view-only ticket, not just a flag.
    connectionRef.current?.reconnect({ viewOnly: next });
  };
  const releaseKeyboard = () => {
    keyboardWanted.current = false;
    connectionRef.current?.blur();
    toolbarRef.current?.querySelector<HTMLElement>('select, button')?.focus();
    setNote('Keyboard released. Click the desktop, or use Focus desktop, to type into it again.');
  };
  const sendClipboard = () =>
    void clipSync.toDesktop(true).then((sent) => {
      setNote(sent === null ? 'Your clipboard could not be read (the browser refused or it is empty).' : `Sent ${sent.length} characters to the desktop clipboard.`);
      // Back to the desktop, ready to paste there.
      if (sent !== null) focusDesktop();
    });
  const copy = (text: string) => writeClipboard(clipboard, text);

  const remoteNote =
    scaleMode === 'remote' && connected && status.remoteResize === false
      ? `This server cannot resize: showing ${formatSize(session.size)} scaled.`
      : '';

  const warning = warningTimer(session, warned, now);

  const controls = (
    <div className="viewer-controls">
      <div className="viewer-bar">
        <p className="viewer-title">
          <strong>{session.type}</strong>{' '}
          <span className="muted">
            slot {session.index} · {formatSize(remoteSize ?? session.size)}
            {remoteSize && remoteSize !== session.size ? ` (started at ${formatSize(session.size)})` : ''} ·{' '}
            <span className="mono">{sessionId}</span>
          </span>
        </p>
        <p role="status" className={`viewer-status viewer-status-${status.state}${status.failed ? ' is-error' : ''}`}>
          {status.detail}
        </p>
        {connected && (
          // One button: it releases the keyboard while the desktop has it, and gives it back otherwise.
          // mousedown must not move the focus first, or a click could never see the desktop focused.
          <button
            type="button"
            className="keyboard-button"
            aria-label={desktopFocused ? `Release keyboard (${RELEASE_KEY})` : 'Focus desktop'}
            onMouseDown={(event) => event.preventDefault()}
            onClick={desktopFocused ? releaseKeyboard : focusDesktop}
            title={desktopFocused ? `Or press ${RELEASE_KEY} in the desktop` : 'Typing goes to the desktop'}
          >
            {/* A narrow window shows the short form; the name is the long one either way. */}
            {desktopFocused ? (
              <>
                <span className="wide-only">Release keyboard </span>({RELEASE_KEY})
              </>
            ) : (
              'Focus desktop'
            )}
          </button>
        )}
      </div>
      <div ref={toolbarRef} className="viewer-toolbar" role="toolbar" aria-label="Viewer controls">
        <label className="inline-field">
          <span>Scaling</span>
          <select value={scaleMode} onChange={(event) => changeScale(event.target.value as ScaleMode)}>
            {(Object.keys(SCALE_LABELS) as ScaleMode[]).map((mode) => (
              <option key={mode} value={mode}>
                {SCALE_LABELS[mode]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-pressed={fullscreen} onClick={fullscreenControl.toggle} title="Edge to edge; F8 or the pointer at the top edge shows these controls">
          Full screen
        </button>
        <button type="button" aria-pressed={viewOnly} onClick={toggleViewOnly}>
          View only
        </button>
        <KeysMenu
          disabled={!connected || viewOnly}
          onSend={(key) => {
            connectionRef.current?.sendKeys(key);
            focusDesktop();
          }}
          openRequest={keysRequest}
        />
        <button type="button" onClick={sendClipboard} disabled={!connected || viewOnly}>
          Paste to desktop
        </button>
        <button type="button" onClick={() => setSharing(true)}>
          Share view-only…
        </button>
        {/* Always there (a fresh ticket now, also for a desktop that looks stuck), so the layout never moves. */}
        <button type="button" onClick={() => connectionRef.current?.reconnect()}>
          Reconnect
        </button>
        <button type="button" onClick={() => actions.closeTab(sessionId)} title="Close this viewer; the session keeps running">
          Disconnect
        </button>
      </div>
    </div>
  );

  return (
    <section
      ref={panelRef}
      id={`viewer-panel-${sessionId}`}
      className={`viewer-panel${fullscreen ? ' is-fullscreen' : ''}`}
      role="tabpanel"
      aria-labelledby={`viewer-tab-${sessionId}`}
      hidden={!active}
    >
      {active && controlsSlot ? createPortal(controls, controlsSlot) : controls}
      <div className="viewer-frame">
        <div
          ref={targetRef}
          className="viewer"
          data-testid={active ? 'viewer' : 'viewer-background'}
          data-state={status.state}
          data-phase={status.phase}
          data-session-id={sessionId}
          data-view-only={viewOnly ? 'true' : 'false'}
          aria-label={`Desktop of session ${sessionId}`}
          role="region"
          onFocus={() => {
            setDesktopFocused(true);
            keyboardWanted.current = true;
            if (!viewOnly) void clipSync.toDesktop();
          }}
          onBlur={() => setDesktopFocused(false)}
          onKeyDown={(event) => {
            if (viewOnly && !KEEPS_DEFAULT.has(event.key)) event.preventDefault();
          }}
        />
        {status.phase !== 'connected' && <ViewerOverlay status={status} />}
        <WarningOverlay
          session={session}
          timer={warning}
          now={now}
          extending={extending}
          extended={extended}
          onExtend={() => void actions.extendSession(sessionId)}
          onDismissExtended={() => actions.dismissExtended(sessionId)}
        />
        {/* Notes float over the desktop's bottom edge: a line pushed in above it would move the desktop under the pointer. */}
        <p className={`viewer-note small${note || remoteNote ? '' : ' is-empty'}`} aria-live="polite">
          {remoteNote} {note}
        </p>
      </div>
      {sharing && <ShareDialog sessionId={sessionId} typeName={session.type} onClose={() => setSharing(false)} copy={copy} />}
    </section>
  );
}
