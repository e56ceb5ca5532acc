// What Session Deck writes down about a session's side on another machine: enough to end it after
// a stop, or to take it back or clean it up after a crash. Apart from remote-session.ts because the
// live registry, recovery and the leftover clean-up read and write these records without the
// connection that made them.
import type { ProcessRole } from '../../../scripts/api';

/** A process group on the host, as recorded for stop and for recovery after a crash. */
export interface RemoteProcessRecord {
  pid: number;
  startTime: string;
  role: ProcessRole;
  name: string;
}

/** A forward of a local Unix socket (in the session's scratch directory) to the host. */
export interface RemoteForward {
  local: string;
  remote: string;
}

/** What the live registry keeps of a remote session, so a restart can re-adopt or clean it. */
export interface RemoteRecord {
  destination: string;
  /** How to reach it, as the type said when the session started (the type may be gone at the restart). */
  sshConfig?: string;
  sshOptions?: string[];
  scratchDir: string;
  processes: RemoteProcessRecord[];
  forwards?: RemoteForward[];
}
