// The messages between the host and a script runner (script-runner.mjs): plain JSON, so a runner in
// another language (Python) can speak it too. Over node's IPC channel — line-delimited JSON on the
// fd named by NODE_CHANNEL_FD — go calls both ways with their replies, and notices; over fd 4 the
// runner makes blocking calls (one JSON line each way), for session.spawn() only.
import type { ProcessRole } from '../../../scripts/api';

/** What the host asks of the runner; each is answered by a Reply with the same id. */
export type HostCall =
  | { t: 'call'; id: number; method: 'realize'; args: RealizeData }
  | { t: 'call'; id: number; method: 'start'; args: { service: number; token: string; timestamp: number; options: StartData; session: SessionData } }
  | { t: 'call'; id: number; method: 'stop'; args: { service: number; session?: string } }
  | { t: 'call'; id: number; method: 'probe'; args: { service: number } }
  | { t: 'call'; id: number; method: 'extend'; args: { service: number } };

/** realizeService's arguments: the plain ones, and the names of its functions (setHostPort, ...). */
export interface RealizeData {
  service: number;
  name: string;
  count: number;
  index: number;
  commonOptions: Record<string, unknown>;
  callbacks: string[];
}

export interface StartData {
  size: string;
  width: number;
  height: number;
  user: string;
  maxDurationMs: number;
}

/** The plain parts of a session's resources; the rest are calls back to the host. */
export interface SessionData {
  id: string;
  scratchDir: string;
  password: string;
  passwordFile: string;
  /** The plain parts of session.host, for a session on another machine; its methods are calls back. */
  host?: { destination: string; scratchDir: string; passwordFile: string };
}

/** Values are JSON: undefined travels as null. */
export type Reply = { t: 'reply'; id: number; ok: true; value: unknown } | { t: 'reply'; id: number; ok: false; message: string };

/** Host to runner, besides calls and replies. */
export type HostNotice =
  /** The session's signal is aborted (start timeout, stop during start, end). */
  | { t: 'abort'; session: string; reason: string }
  /** A process the session spawned has exited. */
  | { t: 'exited'; session: string; handle: number; exit: { code: number | null; signal: string | null } };

/** What a session's start() asks of the host, with the arguments of the SessionResources method. */
export type RunnerCallMethod = 'waitForPort' | 'waitForRfb' | 'isPortFree' | 'secret' | 'terminate' | 'hostRun' | 'hostSpawn' | 'hostAdopt' | 'hostForward';
export interface RunnerCall {
  t: 'call';
  id: number;
  method: RunnerCallMethod;
  session: string;
  args: unknown[];
}

export type RunnerNotice =
  | { t: 'ready' }
  | { t: 'load-failed'; message: string }
  | { t: 'note'; what: 'log'; session: string; message: string }
  | { t: 'note'; what: 'setViewerPassword'; session: string; value: string }
  /** A batch-job session's news (SessionResources.setQueued, setJob, jobEnded, setDeadline), with its one argument. */
  | { t: 'note'; what: 'setQueued' | 'setJob' | 'jobEnded' | 'setDeadline'; session: string; value: unknown }
  /** The module called one of realizeService's functions (setHostPort, ...) with these arguments. */
  | { t: 'note'; what: 'callback'; service: number; name: string; args: unknown[] }
  /** An unhandled rejection or uncaught exception inside the module (after the latter, the runner exits). */
  | { t: 'note'; what: 'unhandled'; message: string };

export type RunnerMessage = Reply | RunnerCall | RunnerNotice;

/** The one blocking call (fd 4): a process for the session; answered { ok, value: pid } or { ok: false, message }. */
export interface SpawnRequest {
  method: 'spawn';
  session: string;
  handle: number;
  args: [command: string, args: string[], options: { env?: Record<string, string>; cwd?: string; role?: ProcessRole }];
}
