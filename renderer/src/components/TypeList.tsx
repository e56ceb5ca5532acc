// Every session type as a card, wired to the store.
import { useShallow } from 'zustand/react/shallow';
import type { SessionTypeInfo } from '../../../electron/shared/session';
import { useDeckStore } from '../store/useDeckStore';
import {
  selectFailedSessionsOfType,
  selectLaunch,
  selectPendingStart,
  selectSelectedSize,
  selectStartBlocker,
  selectStartErrorsOfType,
  selectStartingSessionOfType,
  selectStatus,
  selectTypes,
} from '../store/selectors';
import { TypeCard } from './TypeCard';
import { askForNotifications } from '../lib/notifications';
import { useNow } from '../lib/useNow';

function ConnectedTypeCard({ type, now }: { type: SessionTypeInfo; now: number }) {
  const actions = useDeckStore((state) => state.actions);
  const size = useDeckStore(selectSelectedSize(type));
  const blocker = useDeckStore(selectStartBlocker(type));
  const pending = useDeckStore(selectPendingStart(type.name));
  const startingSession = useDeckStore(selectStartingSessionOfType(type.name));
  const launch = useDeckStore(selectLaunch(type.name));
  const launchSession = useDeckStore((state) => (launch ? state.sessions[launch.sessionId] : undefined));
  const launchPhase = useDeckStore((state) => (launch ? state.viewerPhases[launch.sessionId] : undefined));
  const startErrors = useDeckStore(useShallow(selectStartErrorsOfType(type.name)));
  const failures = useDeckStore(useShallow(selectFailedSessionsOfType(type.name)));
  return (
    <TypeCard
      type={type}
      size={size}
      blocker={blocker}
      pending={pending}
      startingSession={startingSession}
      launch={launch}
      launchSession={launchSession}
      launchPhase={launchPhase}
      startErrors={startErrors}
      failures={failures}
      now={now}
      onSizeChange={(value) => actions.selectSize(type.name, value)}
      onStart={(label) => {
        // A click the user made: the one moment a page may ask to show timer warnings as notifications.
        askForNotifications();
        if (size !== undefined) void actions.startSession(type.name, size, label);
      }}
      onDismissError={(id) => actions.dismissError(id)}
      onDismissFailure={(id) => actions.dismissFailure(id)}
    />
  );
}

export function TypeList() {
  const types = useDeckStore(useShallow(selectTypes));
  const status = useDeckStore(selectStatus);
  const now = useNow();
  return (
    <section className="types" aria-labelledby="types-title">
      <h2 id="types-title">Session types</h2>
      {status === 'loading' && <p className="muted">Loading…</p>}
      {status === 'loaded' && types.length === 0 && (
        <p className="muted">No session type is configured. Add one to the sessions file.</p>
      )}
      {types.map((type) => (
        <ConnectedTypeCard key={type.name} type={type} now={now} />
      ))}
    </section>
  );
}
