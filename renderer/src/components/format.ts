// Words and numbers as the user reads them.
import type { SlotState } from '../../../electron/shared/session';

const STATE_LABELS: Record<SlotState, string> = {
  free: 'free',
  starting: 'starting',
  ready: 'running',
  connected: 'running, viewed',
  idle: 'idle',
  close_requested: 'closing',
  terminated: 'ended',
  failed: 'failed',
};

export const stateLabel = (state: SlotState): string => STATE_LABELS[state];

/** `1 min 05 s`, `42 s`, `2 h 03 min`. */
export function formatDuration(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export const formatSize = (size: string): string => size.replace('x', ' × ');
