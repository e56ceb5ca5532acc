// The session script API: the contract between Session Deck and a script module, built in or a
// user's own. It keeps the realize_service / start / stop / set_host_port shape of Nexus' Python
// scripts, in TypeScript style. A module imports nothing from Session Deck: everything it may use is handed to it.
// Types only; a user's module may be plain JavaScript.

/** What the app passes to realizeService, once per slot (index 0..count-1 of a session type). */
export interface RealizeServiceArgs {
  /** The session type's name. */
  name: string;
  /** The type's slot count. */
  count: number;
  /** This slot's index; use it to pick a display and port no other slot uses. */
  index: number;
  /** The type's `options` object from the sessions file, whole. */
  commonOptions: Readonly<Record<string, unknown>>;
  /**
   * Tell the app that the session's VNC server listens on TCP host:port. This, or setUnixSocket,
   * must be called before start() resolves true.
   */
  setHostPort(host: string, port: number): void;
  /**
   * Tell the app that the session's VNC server listens on the Unix socket at this absolute path
   * (at most 107 bytes), e.g. in session.scratchDir: then only the app can reach the server. Prefer
   * it where the server can listen there (TigerVNC: -rfbunixpath, x11vnc: -unixsock).
   */
  setUnixSocket(path: string): void;
}

/** What a session's process is to it: see ScriptSpawnOptions.role. */
export type ProcessRole = 'server' | 'command' | 'helper';

/** A process the session owns: the app ends it (and its process group) when the session ends. */
export interface ScriptProcess {
  readonly pid: number;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  readonly hasExited: boolean;
  /** SIGTERM to the process and everything it started, SIGKILL after graceMs (default: the app's stop grace). */
  terminate(graceMs?: number): Promise<{ code: number | null; signal: string | null }>;
}

export interface ScriptSpawnOptions {
  /** Extra environment variables (the app's environment is inherited). */
  env?: Record<string, string>;
  cwd?: string;
  /**
   * 'server' (default): the session's VNC server; if it exits, the session ends (server_exited).
   * 'command': the program the session lives for (the type's `command`); once the session is
   * ready, its exit ends the session (command_exited), as vncserver's xstartup does.
   * 'helper': anything else (a window manager, a desktop program); its exit is logged only.
   */
  role?: ProcessRole;
}

/** Resources of one session, owned by the app and removed when the session ends, whatever the cause. */
export interface SessionResources {
  /** The session's id. */
  readonly id: string;
  /** A private (0700) scratch directory for this session. */
  readonly scratchDir: string;
  /** A fresh random VNC password (8 characters, the VncAuth maximum) for this session. */
  readonly password: string;
  /** That password in the obfuscated format of `vncpasswd -f` (what -rfbauth/-passwd read), mode 0600. */
  readonly passwordFile: string;
  /** Aborted when the start is cancelled (timeout, stop) or the session ends. */
  readonly signal: AbortSignal;
  /** Appends a line to the session's log (never log the password). */
  log(message: string): void;
  /** Starts a process owned by the session; its output goes to the session's log. Throws if it cannot run. */
  spawn(command: string, args: readonly string[], options?: ScriptSpawnOptions): ScriptProcess;
  /** Resolves once host:port accepts TCP connections. */
  waitForPort(host: string, port: number, timeoutMs?: number): Promise<void>;
  /** Resolves once the Unix socket at this absolute path accepts connections. */
  waitForPort(socketPath: string, timeoutMs?: number): Promise<void>;
  /** Resolves with the banner (e.g. "RFB 003.008") once host:port answers as a VNC server. */
  waitForRfb(host: string, port: number, timeoutMs?: number): Promise<string>;
  /** Resolves with the banner once the Unix socket at this absolute path answers as a VNC server. */
  waitForRfb(socketPath: string, timeoutMs?: number): Promise<string>;
  /** Whether a TCP port on host is free to listen on right now. */
  isPortFree(host: string, port: number): Promise<boolean>;
  /**
   * A secret the user saved in Session Deck (Settings > Saved secrets), by name, e.g. the password
   * of an external VNC server; undefined when there is none. Never log it.
   */
  secret(name: string): Promise<string | undefined>;
  /**
   * The password viewers must use when the server checks its own (an external server) instead of
   * the session's fresh one. Call before start() resolves.
   */
  setViewerPassword(password: string): void;
  /**
   * The machine the session runs on when its type names one (options.host or options.hosts), reached
   * through the system's OpenSSH; undefined for a session on this machine.
   */
  readonly host?: SessionHost;
  /**
   * For a session that waits in a batch scheduler's queue while start() runs: where it stands
   * (shown live on its card); undefined once it has left the queue. While queued, the start timeout
   * does not run: a queue may hold a job for hours. Call as often as the status changes.
   */
  setQueued(status: QueueStatus | undefined): void;
  /**
   * The batch job the session runs as (its id, then its node once it runs). Such a session's server
   * is watched by the script, not probed over the network by the app: the script calls jobEnded()
   * when the scheduler ends the job.
   */
  setJob(job: JobInfo): void;
  /** The scheduler ended the job (time limit, cancelled elsewhere, node failure): ends the session, cause job_ended. */
  jobEnded(message: string): void;
  /** The session ends at this moment at the latest (epoch ms): the job's time limit replaces the app's maximum duration. */
  setDeadline(at: number): void;
}

/** Where a queued session stands (see SessionResources.setQueued). */
export interface QueueStatus {
  /** The scheduler's reason, as it says it (Slurm: Resources, Priority, ...). */
  reason: string;
  /** 1 for the next to start, among the pending jobs of the same queue. */
  position?: number;
  pending?: number;
  /** Expected start, epoch ms. */
  expectedStartAt?: number;
}

export interface JobInfo {
  id: string;
  node?: string;
  /** How long the job waited in the queue, once it runs. */
  queueWaitMs?: number;
}

/** A command's outcome on the session's host. */
export interface HostRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A process group the session started on its host, known by pid and start time (never a stranger's). */
export interface HostProcess {
  readonly pid: number;
  /** Clock ticks after the host's boot when it started (/proc/<pid>/stat field 22). */
  readonly startTime: string;
}

/**
 * The session's host, over one multiplexed SSH connection that the app opened before start() and
 * closes when the session ends. Everything it starts there is ended by process group, and its
 * scratch directory removed, whatever ends the session.
 */
export interface SessionHost {
  /** The SSH destination as the sessions file names it (an alias or user@host). */
  readonly destination: string;
  /** A private (0700) directory on the host for this session. */
  readonly scratchDir: string;
  /** The session's password (the format of `vncpasswd -f`) in a 0600 file in scratchDir on the host, sent over the SSH channel. */
  readonly passwordFile: string;
  /**
   * Runs a shell command line on the host (its login shell reads it). stdin is sent over the SSH
   * channel: the way to hand it a secret, which must never be on a command line.
   */
  run(command: string, options?: { stdin?: string; timeoutMs?: number }): Promise<HostRunResult>;
  /**
   * Starts a shell command line (run by /bin/sh) on the host in a process group of its own, its
   * output in <scratchDir>/<name>.log there. role as for spawn(): 'server' (default) ends the session
   * with server_exited when it exits, 'command' with command_exited, 'helper' not. Ended with the session.
   */
  spawn(command: string, options?: { role?: ProcessRole; name?: string }): Promise<HostProcess>;
  /**
   * Takes a process that one of the session's commands started on the host, and that left for a
   * process group of its own (a server that daemonizes, such as a vncserver wrapper's), as the
   * session's: role as for spawn(), recorded by pid and start time, ended with the session by its
   * group. Refused for a process whose command line and environment do not name scratchDir (so
   * never a stranger's), and for one in a process group the session did not start.
   */
  adopt(pid: number, options?: { role?: ProcessRole; name?: string }): Promise<HostProcess>;
  /**
   * Forwards a Unix socket in the session's local scratch directory to a port on the host's
   * loopback (a number) or a Unix socket there (an absolute path); resolves with the local socket's
   * path, for setUnixSocket and waitForRfb. Only this user can connect to it.
   */
  forward(target: number | string): Promise<string>;
}

/** A host of the type as probe() sees it: commands only, over a short-lived connection of the app's. */
export interface ProbeHost {
  /** The SSH destination as the sessions file names it. */
  readonly destination: string;
  /** Runs a shell command line on the host (read-only checks: nothing there belongs to the slot). */
  run(command: string, options?: { timeoutMs?: number }): Promise<HostRunResult>;
}

export interface StartOptions {
  /** The chosen window size, "WxH", and its parts. */
  size: string;
  width: number;
  height: number;
  /** The user the session belongs to. */
  user: string;
  /** The app's maximum session duration (ms): a batch job's default time limit. */
  maxDurationMs: number;
  session: SessionResources;
}

/** The object realizeService returns for a slot. */
export interface SessionService {
  /**
   * Starts the session's VNC server. Resolves true once it accepts viewers (after setHostPort or setUnixSocket),
   * false (or throws) on failure. `token` is the session id; `timestamp` the start time (ms since epoch).
   */
  start(token: string, timestamp: number, options: StartOptions): Promise<boolean>;
  /** Stops what start() started. Called exactly once per start, whatever ended the session. */
  stop(): Promise<void>;
  /**
   * Optional: why this slot cannot be used right now (its display or port is held by something
   * else), or undefined when it is free. The app skips such a slot and never touches the holder.
   * For a type on other machines the app calls it once per host, in the background, with `host`
   * (built-in scripts only: a module running in a process of its own gets no host yet); a reason
   * then means the slot cannot be used on that host.
   */
  probe?(host?: ProbeHost): Promise<string | undefined>;
  /**
   * Optional, for a session whose deadline the script set (setDeadline): the user asked for more
   * time. Resolves with the new deadline (epoch ms); throws an Error that says why not otherwise
   * (shown to the user as it is). Without extend(), such a session cannot be extended.
   */
  extend?(): Promise<number>;
}

export type RealizeService = (args: RealizeServiceArgs) => SessionService;

/** A script module exports realizeService (named export or default export's property). */
export interface ScriptModule {
  realizeService: RealizeService;
}
