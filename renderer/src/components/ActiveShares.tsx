// The session's active share links on its card: how many watch through each, until when, and a
// button that stops each one (its viewers are cut off at once). Kept current by 'shares' events.
import { useEffect, useState } from 'react';
import type { ShareInfo } from '../../../electron/shared/share';
import { useApi } from '../api/apiContext';
import { formatMoment } from '../lib/format';

export function ActiveSharesList({ shares, now, stopping, onStop }: { shares: ShareInfo[]; now: number; stopping: readonly string[]; onStop(id: string): void }) {
  const live = shares.filter((share) => share.expiresAt > now);
  if (live.length === 0) return null;
  return (
    <ul className="share-list small" aria-label="Share links">
      {live.map((share, index) => (
        <li key={share.id}>
          <span>
            Share link {live.length > 1 ? `${index + 1} ` : ''}· {share.viewers} watching · until {formatMoment(share.expiresAt, now)}
          </span>{' '}
          <button type="button" onClick={() => onStop(share.id)} disabled={stopping.includes(share.id)}>
            {stopping.includes(share.id) ? 'Stopping…' : 'Stop sharing'}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function ActiveShares({ sessionId, now }: { sessionId: string; now: number }) {
  const api = useApi();
  const [shares, setShares] = useState<ShareInfo[]>([]);
  const [stopping, setStopping] = useState<string[]>([]);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    let current = true;
    const unsubscribe = api.onEvent((event) => {
      if (event.kind === 'shares' && event.sessionId === sessionId) setShares(event.shares);
    });
    api.listShares(sessionId).then(
      (listed) => current && setShares(listed),
      () => undefined, // an ended session has none; the card goes soon
    );
    return () => {
      current = false;
      unsubscribe();
    };
  }, [api, sessionId]);

  const stop = (id: string) => {
    setStopping((ids) => [...ids, id]);
    setProblem('');
    api.revokeShare(sessionId, id).then(
      (remaining) => setShares(remaining),
      (error: unknown) => setProblem(`Could not stop sharing: ${error instanceof Error ? error.message : String(error)}`),
    ).finally(() => setStopping((ids) => ids.filter((other) => other !== id)));
  };
  return (
    <>
      <ActiveSharesList shares={shares} now={now} stopping={stopping} onStop={stop} />
      {problem && (
        <p role="alert" className="small is-error">
          {problem}
        </p>
      )}
    </>
  );
}
