// The embedded noVNC view of one session, with its toolbar. Every open tab keeps one mounted (and
// connected); only the shown one is visible, and its status and toolbar go into the row beside the
// tabs (`controlsSlot`), so the desktop gets the height. End-to-end tests wait on
// [data-testid="viewer"][data-state="connected"] (the shown one); noVNC's canvas lives inside it.
import { useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { SessionInfo } from '../../../electron/shared/session';
import { formatSize } from '../lib/format';
import { warningTimer } from '../lib/sessionFuture';
import { useNow } from '../lib/useNow';
import { useDeckStore } from '../store/useDeckStore';
import { createClipboardSync, systemClipboard, writeClipboard } from './clipboard';
import type { ScaleMode } from './rfb';
import { ShareDialog } from './ShareDialog';
import { RELEASE_KEY } from './specialKeys';
import { useDesktopSnapshots } from './useDesktopSnapshots';
import { useFullscreen } from './useFullscreen';
import { useReleaseShortcut } from './useReleaseShortcut';
import { useTransientNote } from './useTransientNote';
import { useViewerConnection } from './useViewerConnection';
import { ViewerControls } from './ViewerControls';
import { ViewerOverlay } from './ViewerOverlay';
import { WarningOverlay } from './WarningOverlay';

/** Keys typed into a view-only desktop go nowhere; their default (scrolling) must not happen either. */
const KEEPS_DEFAULT = new Set(['Tab', RELEASE_KEY]);

export interface SessionViewerProps {
  session: SessionInfo;
  active: boolean;
  /** Where the shown viewer puts its status and toolbar (the row beside the tabs); inline when absent. */
  controlsSlot?: HTMLElement | null;
}

export function SessionViewer({ session, active, controlsSlot = null }: SessionViewerProps) {
  const actions = useDeckStore((state) => state.actions);
  const scaleMode = useDeckStore((state) => state.scaleMode);
  const warned = useDeckStore((state) => state.warnings[session.id]);
  const extended = useDeckStore((state) => state.extended[session.id]);
  const extending = useDeckStore((state) => state.pendingExtends[session.id] === true);
  const now = useNow();
  const panelRef = useRef<HTMLElement>(null);
  const targetRef = useRef<HTMLDivElement>(null);
  const toolbarRef = useRef<HTMLDivElement>(null);
  const [viewOnly, setViewOnly] = useState(false);
  const [note, setNote] = useTransientNote();
  const [sharing, setSharing] = useState(false);
  /** The user gave this desktop the keyboard (opened it, clicked it) and has not taken it back: a reconnect gives it back. */
  const keyboardWanted = useRef(false);
  const [keysRequest, setKeysRequest] = useState(0);
  const [desktopFocused, setDesktopFocused] = useState(false);
  const [clipboard] = useState(() => (typeof window === 'undefined' ? null : systemClipboard(window)));
  const [clipSync] = useState(() => createClipboardSync(clipboard, (text) => connectionRef.current?.paste(text)));
  const sessionId = session.id;

  const { status, connection: connectionRef } = useViewerConnection({
    sessionId,
    target: targetRef,
    viewOnly,
    scaleMode,
    onClipboard: (text) =>
      void clipSync.fromDesktop(text).then((ok) =>
        setNote(ok ? 'Desktop clipboard copied to yours.' : 'The desktop copied text, but the browser did not let it reach your clipboard.'),
      ),
    // Restored tabs leave the keyboard with the page until the user clicks or focuses the desktop.
    focusOnConnect: () => {
      if (!active) return false;
      if (actions.consumeFocusRequest(sessionId)) keyboardWanted.current = true;
      return keyboardWanted.current;
    },
  });
  const connected = status.state === 'connected';
  const { remoteSize, readSizeSoon } = useDesktopSnapshots(targetRef, status.phase === 'connected', sessionId, actions.setThumbnail);

  const focusToolbar = () => toolbarRef.current?.querySelector<HTMLElement>('select, button')?.focus();
  useReleaseShortcut(active, targetRef, () => {
    connectionRef.current?.blur();
    keyboardWanted.current = false;
    // The keys menu opens where keys can be sent; otherwise focus goes to the toolbar.
    if (viewOnly) focusToolbar();
    else setKeysRequest((n) => n + 1);
  });

  const focusDesktop = () => {
    keyboardWanted.current = true;
    connectionRef.current?.focus();
  };
  const fullscreenControl = useFullscreen(panelRef, focusDesktop, setNote);
  const fullscreen = fullscreenControl.on;

  const changeScale = (mode: ScaleMode) => {
    actions.setScaleMode(mode);
    connectionRef.current?.setScaleMode(mode);
    readSizeSoon();
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
    focusToolbar();
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

  const controls = (
    <ViewerControls
      session={session}
      status={status}
      remoteSize={remoteSize}
      desktopFocused={desktopFocused}
      scaleMode={scaleMode}
      fullscreen={fullscreen}
      viewOnly={viewOnly}
      keysRequest={keysRequest}
      toolbarRef={toolbarRef}
      onFocusDesktop={focusDesktop}
      onReleaseKeyboard={releaseKeyboard}
      onScale={changeScale}
      onToggleFullscreen={fullscreenControl.toggle}
      onToggleViewOnly={toggleViewOnly}
      onSendKeys={(key) => {
        connectionRef.current?.sendKeys(key);
        focusDesktop();
      }}
      onPaste={sendClipboard}
      onShare={() => setSharing(true)}
      onReconnect={() => connectionRef.current?.reconnect()}
      onDisconnect={() => actions.closeTab(sessionId)}
    />
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
          timer={warningTimer(session, warned, now)}
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
