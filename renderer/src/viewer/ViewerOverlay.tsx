// What covers the desktop while it is not shown, with a live countdown before a reconnect.
import { useNow } from '../lib/useNow';
import { liveDetail, type ViewerStatus } from './viewerStatus';

export function ViewerOverlay({ status }: { status: ViewerStatus }) {
  const now = useNow(status.phase === 'retry_wait' ? 500 : 60_000);
  return (
    <div className="viewer-overlay" aria-hidden="true">
      {liveDetail(status, now)}
    </div>
  );
}
