// Share a view-only ticket: its address is all the receiver needs (the bridge authenticates with the
// VNC server itself; no viewer is ever given a VNC password), so it is shown hidden, with a clear
// warning. The ticket works once.
import { useEffect, useRef, useState } from 'react';
import type { ViewerAccess } from '../../../electron/shared/session';

export type ShareState = { phase: 'loading' } | { phase: 'ready'; access: ViewerAccess } | { phase: 'error'; message: string };

export interface ShareDialogProps {
  sessionId: string;
  share: ShareState;
  onClose(): void;
  /** Copies text; resolves to whether it worked. */
  copy(text: string): Promise<boolean>;
  /** SSR/tests render it open without the browser's modal API. */
  modal?: boolean;
}

function CopyField({ label, value, secret, copy }: { label: string; value: string; secret?: boolean; copy(text: string): Promise<boolean> }) {
  const [note, setNote] = useState('');
  const [shown, setShown] = useState(!secret);
  const inputId = `share-${label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <div className="copy-field">
      <label htmlFor={inputId}>{label}</label>
      <div className="copy-row">
        <input id={inputId} className="mono" readOnly type={shown ? 'text' : 'password'} value={value} onFocus={(event) => event.currentTarget.select()} />
        {secret && (
          <button type="button" aria-pressed={shown} onClick={() => setShown((value) => !value)}>
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
        <button
          type="button"
          onClick={() => void copy(value).then((ok) => setNote(ok ? 'Copied.' : 'Copy refused by the browser: select the text and copy it.'))}
        >
          Copy {label.toLowerCase()}
        </button>
      </div>
      <span className="muted small" role="status">
        {note}
      </span>
    </div>
  );
}

export function ShareDialog({ sessionId, share, onClose, copy, modal = true }: ShareDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (modal && dialog && !dialog.open) dialog.showModal();
  }, [modal]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="share-title"
      open={modal ? undefined : true}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="share-title">Share view-only access to {sessionId}</h2>
      {share.phase === 'loading' && <p role="status">Requesting a view-only ticket…</p>}
      {share.phase === 'error' && (
        <p role="alert" className="is-error">
          Could not create a view-only ticket: {share.message}
        </p>
      )}
      {share.phase === 'ready' && (
        <>
          <div className="warning" role="note">
            <strong>Treat this like a key.</strong> Whoever has this address can watch this desktop (not control it: the
            bridge drops their keys, mouse and clipboard). The ticket works <strong>once</strong>: the first viewer to
            connect uses it up, and it expires if nobody does soon. No password is needed or given: Session Deck
            signs in to the desktop itself.
          </div>
          <CopyField label="Viewer address" value={share.access.url} secret copy={copy} />
          <p className="muted small">
            Open the address with a WebSocket VNC viewer (noVNC) on this machine, or through an SSH tunnel to its
            127.0.0.1 port.
          </p>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
