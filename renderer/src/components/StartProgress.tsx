// What a pending start is doing, with the time it has taken so far.
import type { SessionInfo } from '../../../electron/shared/session';
import type { PendingStart } from '../store/deckStore';
import { formatDuration, formatSize } from './format';
import { useNow } from './useNow';

export interface StartProgressProps {
  id: string;
  pending: PendingStart;
  session: SessionInfo | undefined;
}

export function StartProgress({ id, pending, session }: StartProgressProps) {
  const now = useNow();
  const step = session ? `Slot ${session.index} allocated, server starting` : 'Requesting a slot';
  return (
    <div id={id} className="progress">
      <progress aria-label={`Starting ${pending.type}`} />
      <span>
        {/* Only the step is announced; the elapsed time ticks every second and would be noise. */}
        <span role="status">
          Starting {pending.type} at {formatSize(pending.size)}: {step}…
        </span>{' '}
        <span className="muted">{formatDuration(now - pending.since)}</span>
      </span>
    </div>
  );
}
