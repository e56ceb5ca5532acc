// The shown viewer's controls: what it shows and its status, the keyboard button, and the toolbar.
import type { RefObject } from 'react';
import type { SessionInfo } from '../../../electron/shared/session';
import { formatSize } from '../lib/format';
import { KeysMenu } from './KeysMenu';
import type { ScaleMode } from './rfb';
import { RELEASE_KEY, type SpecialKey } from './specialKeys';
import type { ViewerStatus } from './viewerStatus';

const SCALE_LABELS: Record<ScaleMode, string> = {
  fit: 'Fit to window',
  actual: '1:1',
  remote: 'Resize remote',
};

export interface ViewerControlsProps {
  session: SessionInfo;
  status: ViewerStatus;
  /** `WxH` of the desktop as drawn, once known. */
  remoteSize: string | null;
  desktopFocused: boolean;
  scaleMode: ScaleMode;
  fullscreen: boolean;
  viewOnly: boolean;
  /** Bumped to open the keys menu (F8). */
  keysRequest: number;
  toolbarRef: RefObject<HTMLDivElement | null>;
  onFocusDesktop(): void;
  onReleaseKeyboard(): void;
  onScale(mode: ScaleMode): void;
  onToggleFullscreen(): void;
  onToggleViewOnly(): void;
  onSendKeys(key: SpecialKey): void;
  onPaste(): void;
  onShare(): void;
  onReconnect(): void;
  onDisconnect(): void;
}

export function ViewerControls(props: ViewerControlsProps) {
  const { session, status, remoteSize, desktopFocused, scaleMode, fullscreen, viewOnly } = props;
  const connected = status.state === 'connected';
  return (
    <div className="viewer-controls">
      <div className="viewer-bar">
        <p className="viewer-title">
          <strong>{session.type}</strong>{' '}
          <span className="muted">
            slot {session.index} · {formatSize(remoteSize ?? session.size)}
            {remoteSize && remoteSize !== session.size ? ` (started at ${formatSize(session.size)})` : ''} ·{' '}
            <span className="mono">{session.id}</span>
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
            onClick={desktopFocused ? props.onReleaseKeyboard : props.onFocusDesktop}
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
      <div ref={props.toolbarRef} className="viewer-toolbar" role="toolbar" aria-label="Viewer controls">
        <label className="inline-field">
          <span>Scaling</span>
          <select value={scaleMode} onChange={(event) => props.onScale(event.target.value as ScaleMode)}>
            {(Object.keys(SCALE_LABELS) as ScaleMode[]).map((mode) => (
              <option key={mode} value={mode}>
                {SCALE_LABELS[mode]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-pressed={fullscreen} onClick={props.onToggleFullscreen} title="Edge to edge; F8 or the pointer at the top edge shows these controls">
          Full screen
        </button>
        <button type="button" aria-pressed={viewOnly} onClick={props.onToggleViewOnly}>
          View only
        </button>
        <KeysMenu disabled={!connected || viewOnly} onSend={props.onSendKeys} openRequest={props.keysRequest} />
        <button type="button" onClick={props.onPaste} disabled={!connected || viewOnly}>
          Paste to desktop
        </button>
        <button type="button" onClick={props.onShare}>
          Share view-only…
        </button>
        {/* Always there (a fresh ticket now, also for a desktop that looks stuck), so the layout never moves. */}
        <button type="button" onClick={props.onReconnect}>
          Reconnect
        </button>
        <button type="button" onClick={props.onDisconnect} title="Close this viewer; the session keeps running">
          Disconnect
        </button>
      </div>
    </div>
  );
}
