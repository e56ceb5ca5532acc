// The live state of one session inside the registry: its public info, what it owns, and the
// moments its timers derive from.
import type { SessionService } from '../../../scripts/api';
import type { SessionInfo, SessionState, TerminationCause } from '../../shared/session';
import { isFinalState } from '../../shared/session';
import type { ProcessIdentity } from '../process/process-identity';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { deadlineOf, nextTimer, type TimedSession, type Timing } from './session-timers';

export interface VncTarget {
  host: string;
  port: number;
}

export interface SessionRecord extends TimedSession {
  info: SessionInfo;
  service?: SessionService;
  resources?: SessionResourcesHandle;
  target?: VncTarget;
  /** start() was called, so stop() must run exactly once. */
  startCalled: boolean;
  /** Set when a stop arrives while the session is still starting. */
  stopRequested?: TerminationCause;
  /** The one end of this session, shared by every caller that asks for it. */
  ending?: Promise<SessionInfo>;
  /** Viewer connections over the session's life. */
  viewerConnections: number;
  /** Identities (pid + start time) of the processes it owns, as recorded for crash recovery. */
  identities: Map<number, ProcessIdentity>;
}

/** Allowed transitions of the one session state machine (design.md, contract 4). */
const TRANSITIONS: Record<SessionState, readonly SessionState[]> = {
  starting: ['ready', 'close_requested', 'failed'],
  ready: ['connected', 'idle', 'close_requested'],
  connected: ['idle', 'close_requested'],
  idle: ['connected', 'close_requested'],
  close_requested: ['terminated', 'failed'],
  terminated: [],
  failed: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export const RUNNING_STATES: readonly SessionState[] = ['ready', 'connected', 'idle'];
export const isRunning = (record: SessionRecord): boolean => RUNNING_STATES.includes(record.info.state);
export const isLive = (record: SessionRecord): boolean => !isFinalState(record.info.state);

/** The public view of a record, with the derived timer fields of a running session. */
export function snapshot(record: SessionRecord, timing: Timing): SessionInfo {
  const info: SessionInfo = { ...record.info };
  if (isRunning(record)) {
    info.lastActivityAt = record.lastActivityAt;
    info.deadline = deadlineOf(record, timing);
    const timer = nextTimer(record, timing);
    if (timer) info.nextTimer = timer;
  }
  return info;
}
