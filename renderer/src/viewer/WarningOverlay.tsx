// A timer about to end the session, said over the desktop itself (full screen included): how long
// is left, why, and Extend; after Extend, the new deadline for a few seconds.
import type { SessionInfo, SessionTimer } from '../../../electron/shared/session';
import { afterExtend } from '../lib/sessionFuture';
import { formatCountdown, sessionName } from '../lib/format';

const WHY: Record<SessionTimer['kind'], string> = {
  inactivity: 'nothing was typed or clicked for a while (inactivity timeout)',
  max_duration: 'it reaches its maximum duration',
  last_viewer_grace: 'no viewer is connected',
};

export interface WarningOverlayProps {
  session: SessionInfo;
  /** The timer warned about (the engine's warning, or the session's next timer under the warning threshold). */
  timer: SessionTimer | null;
  now: number;
  extending: boolean;
  /** What the last Extend did, while it is shown. */
  extended: { timer?: SessionTimer; deadline?: number } | undefined;
  onExtend(): void;
  onDismissExtended(): void;
}

export function WarningOverlay({ session, timer, now, extending, extended, onExtend, onDismissExtended }: WarningOverlayProps) {
  if (!timer && !extended) return null;
  // A short timeout can still be under the warning threshold after Extend: then both are said.
  return (
    <div className={`viewer-warning${timer ? '' : ' is-done'}`} data-testid="viewer-warning">
      {timer && (
        <>
          <p role="alert">
            {sessionName(session)} will close soon because {WHY[timer.kind]}.
          </p>
          <p className="viewer-warning-left">
            Time left: <strong className="mono">{formatCountdown(timer.at - now)}</strong>
          </p>
          <button type="button" className="primary" onClick={onExtend} disabled={extending}>
            {extending ? 'Extending…' : 'Extend the session'}
          </button>
        </>
      )}
      {extended && (
        <p role="status" className="viewer-extended">
          {afterExtend(extended, now)}
        </p>
      )}
      {!timer && (
        <button type="button" onClick={onDismissExtended} aria-label="Dismiss the extend note">
          OK
        </button>
      )}
    </div>
  );
}
