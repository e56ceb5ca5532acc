// What the bridge's viewer counts do to a running session: a connection is activity; with no
// viewer left the session's last-viewer clock starts; its public state follows (connected, idle).
import { publicState, type SessionRecord } from './session-record';

export function countViewers(record: SessionRecord, viewers: number, connected: boolean, now: number): void {
  if (record.lifecycle.phase !== 'running') return;
  if (connected) {
    record.viewerConnections++;
    record.lastActivityAt = now;
  }
  const before = publicState(record);
  record.viewers = viewers;
  record.lastViewerLeftAt = viewers === 0 ? now : undefined;
  record.lifecycle.viewed ||= connected;
  if (publicState(record) !== before) record.updatedAt = now;
}
