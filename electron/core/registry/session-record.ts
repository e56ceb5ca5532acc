// The live state of one session inside the registry: its public info plus what it owns.
import type { SessionService } from '../../../scripts/api';
import type { SessionInfo, SessionState, TerminationCause } from '../../shared/session';
import type { SessionResourcesHandle } from '../script-host/session-resources';

export interface VncTarget {
  host: string;
  port: number;
}

export interface SessionRecord {
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
}

/** Allowed transitions of the one session state machine (design.md, contract 4). */
const TRANSITIONS: Record<SessionState, readonly SessionState[]> = {
  starting: ['ready', 'close_requested', 'failed'],
  ready: ['connected', 'idle', 'close_requested', 'terminated'],
  connected: ['idle', 'close_requested', 'terminated'],
  idle: ['connected', 'close_requested', 'terminated'],
  close_requested: ['terminated', 'failed'],
  terminated: [],
  failed: [],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}
