// A live session as the live-registry file records it, so that a start after a crash can re-adopt
// or clean up each one.
import type { SessionJob } from '../../shared/session';
import type { PersistedProcess } from '../process/persisted-process';
import type { RemoteRecord } from '../remote/remote-record';
import { readTarget, type VncTarget } from '../vnc/vnc-target';

export type { PersistedProcess };

export interface PersistedSession {
  id: string;
  type: string;
  index: number;
  size: string;
  label?: string;
  user: string;
  createdAt: number;
  extendedDeadline?: number;
  /** Where the VNC server listens, once the session was ready (files before Unix sockets: { host, port }). */
  target?: VncTarget;
  scratchDir: string;
  processes: PersistedProcess[];
  /** The machine it runs on, for a type on other machines. */
  host?: string;
  /** What it started there (by pid and start time), so a restart can re-adopt or end exactly that. */
  remote?: RemoteRecord;
  /** The batch job it runs as (a Slurm job), so a restart can find it in the scheduler. */
  job?: SessionJob;
}

/** Where the recorded session's server listens, read from what any version wrote. */
export const persistedTarget = (session: Pick<PersistedSession, 'target'>): VncTarget | undefined => readTarget(session.target);
