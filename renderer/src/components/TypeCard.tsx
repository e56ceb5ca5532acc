// One session type: its slots, a size picker and its Start button. Presentational: data in, callbacks out.
import { useId } from 'react';
import type { SessionInfo, SessionTypeInfo } from '../../../electron/shared/session';
import type { PendingStart } from '../store/deckStore';
import { freeSlotCount } from '../store/selectors';
import { formatSize, stateLabel } from './format';
import { StartProgress } from './StartProgress';

export interface TypeCardProps {
  type: SessionTypeInfo;
  size: string | undefined;
  /** Why Start is disabled, or null. */
  blocker: string | null;
  pending: PendingStart | undefined;
  startingSession: SessionInfo | undefined;
  onSizeChange(size: string): void;
  onStart(): void;
}

export function TypeCard({ type, size, blocker, pending, startingSession, onSizeChange, onStart }: TypeCardProps) {
  const id = useId();
  const free = freeSlotCount(type);
  return (
    <article className="card" aria-labelledby={`${id}-name`}>
      <header className="card-header">
        <h3 id={`${id}-name`}>{type.name}</h3>
        <span className={`badge ${free === 0 ? 'badge-busy' : 'badge-free'}`}>
          {free} of {type.slots.length} free
        </span>
      </header>
      <p className="muted small">script: {type.script}</p>

      <ul className="slots" aria-label={`Slots of ${type.name}`}>
        {type.slots.map((slot) => (
          <li key={slot.index} className={`slot slot-${slot.state}`}>
            <span className="slot-index">Slot {slot.index}</span>
            <span className="slot-state">{stateLabel(slot.state)}</span>
            {slot.sessionId && <span className="mono small">{slot.sessionId}</span>}
          </li>
        ))}
      </ul>

      <div className="start-row">
        <label className="visually-hidden" htmlFor={`${id}-size`}>
          Size for {type.name}
        </label>
        <select
          id={`${id}-size`}
          value={size ?? ''}
          onChange={(event) => onSizeChange(event.target.value)}
          disabled={type.sizes.length === 0 || pending !== undefined}
        >
          {type.sizes.map((option) => (
            <option key={option} value={option}>
              {formatSize(option)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          onClick={onStart}
          disabled={blocker !== null}
          aria-describedby={pending ? `${id}-progress` : blocker ? `${id}-blocker` : undefined}
        >
          Start {type.name}
        </button>
      </div>
      {pending ? (
        <StartProgress id={`${id}-progress`} pending={pending} session={startingSession} />
      ) : (
        blocker && (
          <p id={`${id}-blocker`} className="muted small">
            {blocker}
          </p>
        )
      )}
    </article>
  );
}
