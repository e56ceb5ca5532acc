// A live session as the live-registry file records it, so that a start after a crash can re-adopt
// or clean up each one.
import type { PersistedProcess } from '../process/persisted-process';

export type { PersistedProcess };

export interface PersistedSession {
  id: string;
  type: string;
  index: number;
  size: string;
  user: string;
  createdAt: number;
  extendedDeadline?: number;
  /** Where the VNC server listens, once the session was ready. */
  target?: { host: string; port: number };
  scratchDir: string;
  processes: PersistedProcess[];
}
