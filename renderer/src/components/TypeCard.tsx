// One session type: its slots (with owner and uptime), whether the user may start it, a size picker
// and its Start button, the start's progress and why it failed. Presentational: data in, callbacks out.
import { useId, useState } from 'react';
import { MAX_LABEL_LENGTH, type SessionInfo, type SessionTypeInfo, type SlotInfo } from '../../../electron/shared/session';
import type { DeckError, Launch, PendingStart } from '../store/deckTypes';
import { freeSlotCount } from '../store/selectors';
import type { ViewerPhase } from '../viewer/viewerStatus';
import { formatDuration, formatSize, stateLabel } from '../lib/format';
import { StartProgress } from './StartProgress';
import { FailedSessionReport, StartErrorReport } from './StartError';

export interface TypeCardProps {
  type: SessionTypeInfo;
  size: string | undefined;
  /** Why Start is disabled, or null. */
  blocker: string | null;
  pending: PendingStart | undefined;
  /** The session of this type still starting (from events), to show its step and slot. */
  startingSession: SessionInfo | undefined;
  /** A start that resolved and whose viewer is not showing the desktop yet. */
  launch?: Launch | undefined;
  launchSession?: SessionInfo | undefined;
  launchPhase?: ViewerPhase | undefined;
  startErrors?: DeckError[];
  failures?: SessionInfo[];
  now?: number;
  onSizeChange(size: string): void;
  /** With the label the user typed for the new session, if any. */
  onStart(label?: string): void;
  onDismissError?(id: number): void;
  onDismissFailure?(sessionId: string): void;
}

function SlotItem({ slot, now }: { slot: SlotInfo; now: number }) {
  return (
    <li className={`slot slot-${slot.state}`}>
      <span className="slot-index">Slot {slot.index}</span>
      <span className="slot-state">{stateLabel(slot.state)}</span>
      <span className="slot-detail muted small">
        {slot.state === 'unavailable'
          ? slot.reason
          : [slot.user, slot.since !== undefined ? `up ${formatDuration(now - slot.since)}` : undefined, slot.sessionId]
              .filter(Boolean)
              .join(' · ')}
      </span>
    </li>
  );
}

export function TypeCard(props: TypeCardProps) {
  const { type, size, blocker, pending, startingSession, launch, launchSession, launchPhase, now = Date.now() } = props;
  const id = useId();
  const [label, setLabel] = useState('');
  const free = freeSlotCount(type);
  const progress = pending
    ? { size: pending.size, since: pending.since, session: startingSession, phase: undefined }
    : launch
      ? { size: launch.size, since: launch.since, session: launchSession, phase: launchPhase }
      : null;
  return (
    <article className={`card${type.removed ? ' is-removed' : ''}`} aria-labelledby={`${id}-name`}>
      <header className="card-header">
        <h3 id={`${id}-name`}>{type.name}</h3>
        <span className="badges">
          {type.removed && <span className="badge badge-removed">removed</span>}
          {!type.allowed && <span className="badge badge-denied">not allowed</span>}
          <span className={`badge ${free === 0 ? 'badge-busy' : 'badge-free'}`}>
            {free} of {type.slots.length} free
          </span>
        </span>
      </header>
      <p className="muted small">
        script: {type.script} · sizes: {type.sizes.map(formatSize).join(', ') || 'none'}
      </p>
      {type.hosts && (
        <ul className="hosts small" aria-label={`Machines of ${type.name}`}>
          {type.hosts.map((host) => (
            <li key={host.name}>
              {host.name}: {host.sessions} running{host.draining ? ' · draining (takes no new sessions)' : ''}
              {host.problem && <span className="muted"> · cannot be used now: {host.problem}</span>}
            </li>
          ))}
        </ul>
      )}

      <ul className="slots" aria-label={`Slots of ${type.name}`}>
        {type.slots.map((slot) => (
          <SlotItem key={slot.index} slot={slot} now={now} />
        ))}
      </ul>

      <div className="start-row">
        <label className="visually-hidden" htmlFor={`${id}-size`}>
          Size for {type.name}
        </label>
        <select
          id={`${id}-size`}
          value={size ?? ''}
          onChange={(event) => props.onSizeChange(event.target.value)}
          disabled={type.sizes.length === 0 || pending !== undefined || type.removed === true || !type.allowed}
        >
          {type.sizes.map((option) => (
            <option key={option} value={option}>
              {formatSize(option)}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={`${id}-label`}>
          Label for a new {type.name} session (optional)
        </label>
        <input
          id={`${id}-label`}
          className="start-label"
          type="text"
          placeholder="Label (optional)"
          maxLength={MAX_LABEL_LENGTH}
          value={label}
          onChange={(event) => setLabel(event.target.value)}
          disabled={blocker !== null}
        />
        <button
          type="button"
          className="primary"
          onClick={() => {
            props.onStart(label);
            setLabel('');
          }}
          disabled={blocker !== null}
          aria-describedby={progress ? `${id}-progress` : blocker ? `${id}-blocker` : undefined}
        >
          Start {type.name}
        </button>
      </div>
      {progress ? (
        <StartProgress id={`${id}-progress`} type={type.name} {...progress} />
      ) : (
        blocker && (
          <p id={`${id}-blocker`} className="blocker small">
            {blocker}
          </p>
        )
      )}
      {(props.startErrors ?? []).map((error) => (
        <StartErrorReport key={error.id} error={error} onDismiss={() => props.onDismissError?.(error.id)} />
      ))}
      {(props.failures ?? []).map((session) => (
        <FailedSessionReport key={session.id} session={session} onDismiss={() => props.onDismissFailure?.(session.id)} />
      ))}
    </article>
  );
}
