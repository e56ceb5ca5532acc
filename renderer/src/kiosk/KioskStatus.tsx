// The kiosk's status screen: starting, the session ended (and what happens next), a start that
// failed, or kiosk mode left by an administrator.
import type { KioskState } from '../../../electron/shared/kiosk';
import { useNow } from '../lib/useNow';

export interface KioskStatusProps {
  kiosk: KioskState;
  onStartAgain(): void;
}

export function KioskStatus({ kiosk, onStartAgain }: KioskStatusProps) {
  const now = useNow();
  const { phase, message, restartAt, profile } = kiosk;
  const seconds = restartAt === undefined ? undefined : Math.max(0, Math.ceil((restartAt - now) / 1000));
  const offerButton = phase === 'left' || (restartAt === undefined && (phase === 'ended' || phase === 'failed') && profile.restart === 'prompt');
  let title: string;
  let next: string | undefined;
  switch (phase) {
    case 'starting':
      title = 'Starting the session…';
      break;
    case 'running':
      title = 'Connecting…';
      break;
    case 'ended':
    case 'failed':
      title = phase === 'ended' ? 'The session has ended' : 'The session could not start';
      if (seconds !== undefined) next = `A new session starts in ${seconds} s.`;
      else if (profile.restart === 'never') next = 'Ask an administrator to start a new one.';
      break;
    case 'left':
      title = 'An administrator left kiosk mode';
      break;
    default: {
      const unknown: never = phase;
      title = String(unknown);
    }
  }
  return (
    <main className="kiosk-status" data-kiosk-phase={phase}>
      <h1>{title}</h1>
      {message && phase !== 'starting' && <p>{message}</p>}
      {next && <p role="status">{next}</p>}
      {offerButton && (
        <button type="button" className="kiosk-start" onClick={onStartAgain}>
          {phase === 'left' ? 'Return to the kiosk' : 'Start a new session'}
        </button>
      )}
    </main>
  );
}
