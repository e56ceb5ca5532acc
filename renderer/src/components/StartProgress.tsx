// A start on its way: the engine's steps (from session.startStep) then the viewer's (connecting,
// first frame), with the time it has taken so far.
import type { SessionInfo } from '../../../electron/shared/session';
import type { ViewerPhase } from '../viewer/viewerStatus';
import { formatDuration, formatSize } from '../lib/format';
import { queueText } from './JobStatus';
import { useNow } from '../lib/useNow';

export const START_PROGRESS_STEPS = ['Slot allocated', 'Server starting', 'Waiting for the server', 'Connecting', 'First frame'] as const;

/** Index of the step in progress. */
export function currentStartStep(session: SessionInfo | undefined, phase: ViewerPhase | undefined): number {
  if (!session) return 0;
  if (session.state === 'queued') return 1;
  if (session.state === 'starting') return session.startStep === 'waiting_for_server' ? 2 : 1;
  if (phase === 'first_frame') return 4;
  return 3;
}

/** A session on another machine first connects to it, and forwards its server's socket: said while it does. */
function remoteStepLabel(session: SessionInfo | undefined): string | undefined {
  if (session?.state !== 'starting' || !session.host) return undefined;
  if (session.startStep === 'connecting_to_host') return `Connecting to ${session.host}`;
  if (session.startStep === 'forwarding') return `Forwarding from ${session.host}`;
  if (session.startStep === 'server_starting') return `Server starting on ${session.host}`;
  return undefined;
}

export interface StartProgressProps {
  id: string;
  type: string;
  size: string;
  since: number;
  session: SessionInfo | undefined;
  phase: ViewerPhase | undefined;
}

export function StartProgress({ id, type, size, since, session, phase }: StartProgressProps) {
  const now = useNow();
  const current = currentStartStep(session, phase);
  const step = current === 0 ? 'Allocating a slot' : session?.state === 'queued' ? 'Queued in the cluster' : (remoteStepLabel(session) ?? START_PROGRESS_STEPS[current]);
  const where = session ? ` (slot ${session.index})` : '';
  return (
    <div id={id} className="progress">
      <progress aria-label={`Starting ${type}`} max={START_PROGRESS_STEPS.length} value={current} />
      <span>
        {/* Only the step is announced; the elapsed time ticks every second and would be noise. */}
        <span role="status">
          Starting {type} at {formatSize(size)}: {step}
          {where}…
        </span>{' '}
        <span className="muted">{formatDuration(now - since)}</span>
      </span>
      {session?.state === 'queued' && session.queue && <p className="small job-queue">{queueText(session.queue, now)}</p>}
      <ol className="steps" aria-label="Start steps">
        {START_PROGRESS_STEPS.map((label, index) => (
          <li
            key={label}
            className={index < current ? 'step-done' : index === current ? 'step-current' : 'step-todo'}
            aria-current={index === current ? 'step' : undefined}
          >
            <span aria-hidden="true">{index < current ? '✓' : index === current ? '…' : '○'}</span> {label}
            {index < current && <span className="visually-hidden"> (done)</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
