// The live state of one session inside the registry. Its lifecycle is one discriminated union:
// each phase carries exactly the data that phase has, and the public state is derived from it.
import type { SessionService } from '../../../scripts/api';
import type { QueueStatus, SessionInfo, SessionJob, SessionState, StartStep, TerminationCause } from '../../shared/session';
import type { ProcessIdentity } from '../process/process-identity';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import type { VncTarget } from '../vnc/vnc-target';
import { deadlineOf, lastViewerGrace, nextTimer, type TimedSession, type Timing } from './session-timers';

export type { VncTarget } from '../vnc/vnc-target';

/** A stop asked for before the session could be ended (while it claims a slot or starts). */
type PendingStop = { stopCause?: TerminationCause };
/** What a start has while its script runs, whether it is working or waiting in a queue. */
type StartFields = { slot: number; scriptStarted: boolean } & PendingStop;

export type Lifecycle =
  /** Counted against the user limit while it looks for a free slot; not visible yet. */
  | ({ phase: 'claiming' } & PendingStop)
  | ({ phase: 'starting'; step: StartStep } & StartFields)
  /** Its batch job waits in the scheduler's queue; it holds its slot, and the start timeout waits too. */
  | ({ phase: 'queued'; queue: QueueStatus } & StartFields)
  /** `viewed`: it has had a viewer (so zero viewers means idle, not ready). */
  | { phase: 'running'; slot: number; target: VncTarget; viewed: boolean; scriptStarted: boolean }
  /** `failed`: it never became ready and nobody asked it to stop. */
  | { phase: 'ending'; slot: number; cause: TerminationCause; failed: boolean; message?: string; done: Promise<SessionInfo> }
  | { phase: 'ended'; slot: number; cause: TerminationCause; failed: boolean; message?: string; logTail?: string; endedAt: number };

export type Phase = Lifecycle['phase'];
export type StartingLifecycle = Extract<Lifecycle, { phase: 'starting' | 'queued' }>;

/** Its script's start() has not finished: starting, or queued. */
export const isStarting = (life: Lifecycle): life is StartingLifecycle => life.phase === 'starting' || life.phase === 'queued';
/** A stop asked for while the session claimed a slot or started. */
export const pendingStopOf = (life: Lifecycle): TerminationCause | undefined => (isStarting(life) || life.phase === 'claiming' ? life.stopCause : undefined);

export interface SessionRecord extends TimedSession {
  readonly id: string;
  readonly type: string;
  readonly size: string;
  readonly user: string;
  /** The machine it runs on, once chosen (a type on other machines). */
  host?: string;
  /** The user's name for it; undefined: none. */
  label?: string;
  /** The desktop's size now, once the engine has seen it (else the size it started at). */
  currentSize?: string;
  lifecycle: Lifecycle;
  /** Advances with every visible change; clients merge by it. */
  revision: number;
  /** When the public state last changed. */
  updatedAt: number;
  service?: SessionService;
  resources?: SessionResourcesHandle;
  bytesToViewer: number;
  bytesFromViewer: number;
  /** Viewer connections over the session's life. */
  viewerConnections: number;
  /** Identities (pid + start time) of the processes it owns, as recorded for crash recovery. */
  identities: Map<number, ProcessIdentity>;
  /** Resolves once the record reached its terminal event (ended, or refused without a slot). */
  settled: Promise<SessionInfo | undefined>;
  settle(info: SessionInfo | undefined): void;
  /** Timers (kind@at) already warned about. */
  warned: Set<string>;
  /** The batch job it runs as, if its script said so. */
  job?: SessionJob;
  /** The deadline is its job's time limit: the scheduler ends it, the sweeper only warns. */
  deadlineFromJob?: boolean;
}

/** Allowed transitions of the public state machine. */
const TRANSITIONS: Record<SessionState, readonly SessionState[]> = {
  starting: ['queued', 'ready', 'close_requested', 'failed'],
  queued: ['starting', 'ready', 'close_requested', 'failed'],
  ready: ['connected', 'idle', 'close_requested'],
  connected: ['idle', 'close_requested'],
  idle: ['connected', 'close_requested'],
  close_requested: ['terminated', 'failed'],
  terminated: [],
  failed: [],
};

export const canTransition = (from: SessionState, to: SessionState): boolean => from === to || TRANSITIONS[from].includes(to);

/** The public state of a phase. A failed start goes from starting straight to failed. */
export function publicState(record: SessionRecord): SessionState {
  const life = record.lifecycle;
  switch (life.phase) {
    case 'claiming':
    case 'starting':
      return 'starting';
    case 'queued':
      return 'queued';
    case 'running':
      if (record.viewers > 0) return 'connected';
      return life.viewed ? 'idle' : 'ready';
    case 'ending':
      return life.failed ? 'starting' : 'close_requested';
    case 'ended':
      return life.failed ? 'failed' : 'terminated';
  }
}

export const isRunning = (record: SessionRecord): record is SessionRecord & { lifecycle: { phase: 'running' } } => record.lifecycle.phase === 'running';
export const isLive = (record: SessionRecord): boolean => record.lifecycle.phase !== 'ended';
/** Visible to the API: it has a slot. */
export const isVisible = (record: SessionRecord): boolean => record.lifecycle.phase !== 'claiming';
export const slotOf = (record: SessionRecord): number | undefined => (record.lifecycle.phase === 'claiming' ? undefined : record.lifecycle.slot);

/** The public view of a visible record, with the derived timer fields of a running session. */
export function snapshot(record: SessionRecord, timing: Timing): SessionInfo {
  const life = record.lifecycle;
  const info: SessionInfo = {
    id: record.id,
    type: record.type,
    index: slotOf(record) ?? 0,
    size: record.size,
    ...(record.label ? { label: record.label } : {}),
    user: record.user,
    ...(record.host !== undefined ? { host: record.host } : {}),
    state: publicState(record),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    revision: record.revision,
    viewers: life.phase === 'ended' ? 0 : record.viewers,
    bytesToViewer: record.bytesToViewer,
    bytesFromViewer: record.bytesFromViewer,
  };
  if (life.phase === 'starting') info.startStep = life.step;
  if (life.phase === 'queued') info.queue = { ...life.queue };
  if (record.job) info.job = { ...record.job };
  if (life.phase === 'running') {
    info.currentSize = record.currentSize ?? record.size;
    info.lastActivityAt = record.lastActivityAt;
    info.deadline = deadlineOf(record, timing);
    const timer = nextTimer(record, timing);
    if (timer) info.nextTimer = timer;
    const grace = lastViewerGrace(record, timing);
    if (grace !== undefined) info.lastViewerGraceMs = grace;
  }
  if (life.phase === 'ended') {
    info.cause = life.cause;
    info.endedAt = life.endedAt;
    if (life.message) info.message = life.message;
    if (life.logTail !== undefined) info.logTail = life.logTail;
  }
  return info;
}

export function newRecord(fields: { id: string; type: string; size: string; user: string; now: number; lifecycle: Lifecycle }): SessionRecord {
  let settle: (info: SessionInfo | undefined) => void = () => undefined;
  const settled = new Promise<SessionInfo | undefined>((resolve) => (settle = resolve));
  return {
    id: fields.id,
    type: fields.type,
    size: fields.size,
    user: fields.user,
    lifecycle: fields.lifecycle,
    revision: 0,
    createdAt: fields.now,
    updatedAt: fields.now,
    lastActivityAt: fields.now,
    viewers: 0,
    bytesToViewer: 0,
    bytesFromViewer: 0,
    viewerConnections: 0,
    identities: new Map(),
    settled,
    settle: (info) => settle(info),
    warned: new Set(),
  };
}
