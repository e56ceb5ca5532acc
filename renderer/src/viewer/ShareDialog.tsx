// Share this desktop view-only: the user picks how long, gets a link to a page the host serves,
// and is told plainly what the link does and when it stops working. The link's key is shown only
// here (the host keeps only its digest); active shares and their viewers are listed on the card.
import { useEffect, useRef, useState } from 'react';
import { SHARE_MINUTE_CHOICES, type CreatedShare } from '../../../electron/shared/share';
import { useApi } from '../api/apiContext';
import { formatMoment } from '../lib/format';

export type SharePhase = { phase: 'choose' } | { phase: 'creating' } | { phase: 'ready'; share: CreatedShare } | { phase: 'error'; message: string };

export interface ShareDialogProps {
  sessionId: string;
  /** The session's type, in the title. */
  typeName: string;
  onClose(): void;
  /** Copies text; resolves to whether it worked. */
  copy(text: string): Promise<boolean>;
  /** SSR/tests render it open without the browser's modal API. */
  modal?: boolean;
}

export const lifetimeLabel = (minutes: number): string => (minutes < 60 ? `${minutes} minutes` : minutes === 60 ? '1 hour' : `${minutes / 60} hours`);

/** The stateful dialog: asks the host for a link of the chosen lifetime. */
export function ShareDialog({ sessionId, ...props }: ShareDialogProps) {
  const api = useApi();
  const [minutes, setMinutes] = useState<number>(60);
  const [state, setState] = useState<SharePhase>({ phase: 'choose' });
  const create = () => {
    setState({ phase: 'creating' });
    api.createShare(sessionId, { minutes }).then(
      (share) => setState({ phase: 'ready', share }),
      (error: unknown) => setState({ phase: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
  };
  return <ShareDialogView {...props} state={state} minutes={minutes} onMinutes={setMinutes} onCreate={create} />;
}

export interface ShareDialogViewProps extends Omit<ShareDialogProps, 'sessionId'> {
  state: SharePhase;
  minutes: number;
  onMinutes(minutes: number): void;
  onCreate(): void;
}

export function ShareDialogView({ typeName, onClose, copy, modal = true, state, minutes, onMinutes, onCreate }: ShareDialogViewProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [note, setNote] = useState('');
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
      <h2 id="share-title">Share this {typeName} desktop, view only</h2>
      <p>
        Makes a link that lets someone else <strong>watch</strong> this desktop in their web browser, on this computer or through an SSH
        forward of Session Deck&apos;s ports. They cannot type, click or use the clipboard, and they need no login or password.
      </p>
      {(state.phase === 'choose' || state.phase === 'creating') && (
        <div className="inline-field">
          <label htmlFor="share-lifetime">Link works for</label>
          <select id="share-lifetime" value={minutes} onChange={(event) => onMinutes(Number(event.target.value))} disabled={state.phase === 'creating'}>
            {SHARE_MINUTE_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {lifetimeLabel(choice)}
              </option>
            ))}
          </select>
          <button type="button" className="primary" onClick={onCreate} disabled={state.phase === 'creating'}>
            {state.phase === 'creating' ? 'Creating link…' : 'Create link'}
          </button>
        </div>
      )}
      {state.phase === 'error' && (
        <p role="alert" className="is-error">
          Could not create a share link: {state.message}
        </p>
      )}
      {state.phase === 'ready' && (
        <>
          <div className="copy-field">
            <label htmlFor="share-link">Share link</label>
            <div className="copy-row">
              <input id="share-link" className="mono" readOnly value={state.share.url} onFocus={(event) => event.currentTarget.select()} />
              <button type="button" onClick={() => void copy(state.share.url).then((ok) => setNote(ok ? 'Copied.' : 'Copy refused by the browser: select the link and copy it.'))}>
                Copy link
              </button>
            </div>
            <span className="muted small" role="status">
              {note}
            </span>
          </div>
          <div className="warning" role="note">
            Anyone with this link can watch until <strong>{formatMoment(state.share.expiresAt)}</strong>, as often and with as many browsers as
            they like. Send it only to whom you mean. It stops working when you stop sharing (on the session&apos;s card), when it expires, or
            when the session ends; whoever is watching is then cut off. This is the only time the link is shown.
          </div>
        </>
      )}
      <div className="dialog-actions">
        <button type="button" className={state.phase === 'ready' ? 'primary' : undefined} onClick={onClose}>
          {state.phase === 'ready' ? 'Done' : 'Cancel'}
        </button>
      </div>
    </dialog>
  );
}
