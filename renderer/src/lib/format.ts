// Words and numbers as the user reads them.
import type { SlotState, TerminationCause } from '../../../electron/shared/session';

const STATE_LABELS: Record<SlotState, string> = {
  free: 'free',
  unavailable: 'unavailable',
  starting: 'starting',
  queued: 'queued',
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

/** What a session is called where space is short: its label, else `<type> #<slot>`. */
export const sessionName = (session: { label?: string | undefined; type: string; index: number }): string => session.label ?? `${session.type} #${session.index}`;

/** `512 B`, `3.4 KiB`, `12.0 MiB`, `1.20 GiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local date and time as `2026-11-21 08:42:05`, for tables. */
export function formatDateTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Local time of day as `08:42`. */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A moment as `08:42` today, else `Sun 22 Nov 08:42`. */
export function formatMoment(epochMs: number, now = Date.now()): string {
  const d = new Date(epochMs);
  const today = new Date(now);
  if (today.getFullYear() === d.getFullYear() && today.getMonth() === d.getMonth() && today.getDate() === d.getDate()) return formatClock(epochMs);
  return `${dayFormat.format(d)} ${formatClock(epochMs)}`;
}

/** Made once: toLocaleDateString builds a formatter per call, milliseconds for each session row. */
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });

/** A countdown as `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatCountdown(milliseconds: number): string {
  const total = Math.max(0, Math.ceil(milliseconds / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** Words for a termination cause. */
export const CAUSE_LABELS: Record<TerminationCause, string> = {
  user_stopped: 'stopped by the user',
  last_viewer_left: 'last viewer left',
  inactivity_timeout: 'inactivity timeout',
  max_duration: 'maximum duration reached',
  server_exited: 'server exited',
  command_exited: 'its program exited',
  start_failed: 'start failed',
  start_timeout: 'start timed out',
  type_removed: 'type removed',
  manager_shutdown: 'Session Deck shut down',
  manager_restarted: 'Session Deck restarted',
  host_unreachable: 'its machine became unreachable',
  job_ended: 'its cluster job ended',
};

export const causeLabel = (cause: string | undefined): string => (cause ? ((CAUSE_LABELS as Record<string, string>)[cause] ?? cause) : '');

/** Ends by a timer are said by their cause alone; the engine's note on them is for its log. */
const TIMER_CAUSES: readonly string[] = ['inactivity_timeout', 'max_duration', 'last_viewer_left'];

/** The engine's message about an end, where it tells the user more than the cause does. */
export const endDetail = (cause: string | undefined, message: string | undefined): string | undefined =>
  message && !TIMER_CAUSES.includes(cause ?? '') ? message : undefined;
