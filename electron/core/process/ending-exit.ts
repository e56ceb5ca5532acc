// Why a session must end because something it depends on went away. Both local process groups
// (script-host) and remote sessions over SSH (remote) report it, so it lives below both.

/** A process whose exit ends the session: its server, the command it lives for, or its host. */
export interface EndingExit {
  cause: 'server_exited' | 'command_exited' | 'host_unreachable';
  description: string;
}
