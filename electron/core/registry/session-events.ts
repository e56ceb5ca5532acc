// What the registry tells its subscribers (the journal, the live-registry file, the bridge, the
// public event stream). Every admitted start ends in exactly one terminal event: `ended` for a
// session that got a slot, `refused` for one that did not.
import type { ApiError } from '../../shared/errors';
import type { SessionInfo, SessionTimer, TerminationCause } from '../../shared/session';
import type { VncTarget } from './session-record';

export type SessionEvent =
  /** A slot was claimed: the session is visible from now on. */
  | { kind: 'created'; session: SessionInfo }
  | { kind: 'step'; session: SessionInfo }
  /** Its batch job waits in the scheduler's queue (sent again whenever reason, position or expected start change). */
  | { kind: 'queued'; session: SessionInfo }
  /** The batch job it runs as is known, or its node. */
  | { kind: 'job'; session: SessionInfo }
  /** The session spawned a process (the live-registry file records what it owns). */
  | { kind: 'processes'; session: SessionInfo }
  | { kind: 'ready'; session: SessionInfo; target: VncTarget; readopted: boolean }
  | { kind: 'viewers'; session: SessionInfo; connected: boolean }
  | { kind: 'extended'; session: SessionInfo }
  /** The user gave it another label (the live-registry file keeps it for re-adoption); the label before, if any. */
  | { kind: 'renamed'; session: SessionInfo; previousLabel?: string }
  /** Its desktop runs at another size now (a remote resize). */
  | { kind: 'resized'; session: SessionInfo }
  /** A timer will end the session soon (sent once per timer and deadline). */
  | { kind: 'warning'; session: SessionInfo; timer: SessionTimer }
  | { kind: 'ending'; session: SessionInfo; cause: TerminationCause }
  | { kind: 'ended'; session: SessionInfo; failed: boolean; logTail: string; viewerConnections: number }
  /** A start refused before or while claiming a slot; sessionId is set when it had been admitted. */
  | { kind: 'refused'; type: string; error: ApiError; sessionId?: string };

export type SessionEventKind = SessionEvent['kind'];

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event about a session, as the registry publishes it: the snapshot is added when it is sent. */
export type PublishedEvent = DistributiveOmit<Exclude<SessionEvent, { kind: 'refused' }>, 'session'>;
