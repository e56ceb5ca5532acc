// Every session type as a card, wired to the store.
import { useShallow } from 'zustand/react/shallow';
import type { SessionTypeInfo } from '../../../electron/shared/session';
import { useApi } from '../api/apiContext';
import { useDeckStore } from '../store/deckStore';
import {
  selectPendingStart,
  selectSelectedSize,
  selectStartBlocker,
  selectStartingSessionOfType,
  selectStatus,
  selectTypes,
} from '../store/selectors';
import { TypeCard } from './TypeCard';

function ConnectedTypeCard({ type }: { type: SessionTypeInfo }) {
  const api = useApi();
  const actions = useDeckStore((state) => state.actions);
  const size = useDeckStore(selectSelectedSize(type));
  const blocker = useDeckStore(selectStartBlocker(type));
  const pending = useDeckStore(selectPendingStart(type.name));
  const startingSession = useDeckStore(selectStartingSessionOfType(type.name));
  return (
    <TypeCard
      type={type}
      size={size}
      blocker={blocker}
      pending={pending}
      startingSession={startingSession}
      onSizeChange={(value) => actions.selectSize(type.name, value)}
      onStart={() => {
        if (size !== undefined) void actions.startSession(api, type.name, size);
      }}
    />
  );
}

export function TypeList() {
  const types = useDeckStore(useShallow(selectTypes));
  const status = useDeckStore(selectStatus);
  return (
    <section className="types" aria-labelledby="types-title">
      <h2 id="types-title">Session types</h2>
      {status === 'loading' && <p className="muted">Loading…</p>}
      {status === 'loaded' && types.length === 0 && (
        <p className="muted">No session type is configured. Add one to the sessions file.</p>
      )}
      {types.map((type) => (
        <ConnectedTypeCard key={type.name} type={type} />
      ))}
    </section>
  );
}
