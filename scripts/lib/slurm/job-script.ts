// The batch job a Slurm session submits (on sbatch's stdin, so no file anyone else could edit):
// on its node it starts the VNC server against the password file Session Deck left (mode 0600) in
// the job directory, writes the connection record (host, port, display) there atomically with mode
// 0600, and ends what it started when the job ends, however it ends: Slurm's linuxproc tracking
// loses a server that double-forks (vncserver), so the job ends it by the pid the wrapper wrote.
import type { SlurmServer } from './options';

export interface JobScriptInput {
  server: SlurmServer;
  /** The job directory (0700) on a file system the node sees: passwd in it, the record goes there. */
  jobDir: string;
  size: string;
  depth: number;
  name: string;
  displayBase: number;
  displayCount: number;
  /** Listen on the node's Slurm address (reached directly) instead of its loopback (reached through SSH). */
  direct: boolean;
  command?: string;
  slurmConf?: string;
}

/** One word for a POSIX shell, whatever it holds. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

// Each server, started in the background on display $display and port $port: sets server_pid (the
// process to wait for and end) and, for a wrapper that daemonizes, wrapper_pid_file.
const SERVERS: Record<SlurmServer, string> = {
  xvnc: `start_server() {
  Xvnc ":$display" -rfbport "$port" -interface "$address" $localhost_flag -SecurityTypes VncAuth -rfbauth "$dir/passwd" \\
    -auth "$dir/Xauthority" -nolisten tcp -geometry "$size" -depth "$depth" -desktop "$name" -AlwaysShared -AcceptSetDesktopSize \\
    -BlacklistThreshold 2147483647 >>"$dir/server.log" 2>&1 &
  server_pid=$!
}`,
  // TigerVNC's wrapper daemonizes Xvnc: its pid comes from the pid file the wrapper writes in $HOME/.vnc.
  vncserver: `start_server() {
  mkdir -p "$dir/home/.vnc" && cp "$dir/passwd" "$dir/home/.vnc/passwd"
  HOME="$dir/home" XAUTHORITY="$dir/Xauthority" vncserver ":$display" -noxstartup -autokill no -rfbport "$port" -interface "$address" \\
    -localhost "$localhost_word" -SecurityTypes VncAuth -geometry "$size" -depth "$depth" -desktop "$name" -AlwaysShared >>"$dir/server.log" 2>&1
  server_pid=$(cat "$dir/home/.vnc/"*":$display.pid" 2>/dev/null | head -n 1)
  [ -n "$server_pid" ] || server_pid=0
  wrapper_pid_file=yes
}`,
  x11vnc: `start_server() {
  Xvfb ":$display" -screen 0 "\${size}x$depth" -auth "$dir/Xauthority" -nolisten tcp >>"$dir/server.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 1 100); do [ -S "/tmp/.X11-unix/X$display" ] && break; kill -0 "$xvfb_pid" 2>/dev/null || break; sleep 0.05; done
  x11vnc -display ":$display" -auth "$dir/Xauthority" -rfbport "$port" -listen "$address" -rfbauth "$dir/passwd" -forever -shared \\
    -noxdamage -quiet >>"$dir/server.log" 2>&1 &
  server_pid=$!
}`,
};

export function jobScript(input: JobScriptInput): string {
  const q = shellQuote;
  return `#!/bin/bash
# Session Deck desktop job (generated). Starts a VNC server on this node, writes the connection
# record, and ends the server when the job ends.
set -u
umask 077
export PATH="/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin\${PATH:+:$PATH}"
${input.slurmConf ? `export SLURM_CONF=${q(input.slurmConf)}\n` : ''}dir=${q(input.jobDir)}
size=${q(input.size)}
depth=${input.depth}
name=${q(input.name)}
command=${q(input.command ?? '')}
record="$dir/connection.json"
server_pid=
xvfb_pid=
desktop_pid=
wrapper_pid_file=
display=

if [ ${input.direct ? 1 : 0} = 1 ]; then
  address=$(scontrol show node "$SLURMD_NODENAME" -o 2>/dev/null | sed -n 's/.* NodeAddr=\\([^ ]*\\).*/\\1/p')
  [ -n "$address" ] || address=$(hostname -I 2>/dev/null | awk '{ print $1 }')
  localhost_flag=
  localhost_word=no
else
  address=127.0.0.1
  localhost_flag=-localhost
  localhost_word=yes
fi

gone() { ! kill -0 "$1" 2>/dev/null; }

end_process() {
  [ -n "$1" ] && [ "$1" != 0 ] || return 0
  kill "$1" 2>/dev/null || return 0
  for _ in $(seq 1 50); do gone "$1" && return 0; sleep 0.1; done
  kill -9 "$1" 2>/dev/null
}

cleanup() {
  trap - EXIT TERM INT HUP
  rm -f "$record" "$record.tmp"
  end_process "$desktop_pid"
  end_process "$server_pid"
  end_process "$xvfb_pid"
  # A server killed hard leaves its display's lock and socket: remove them only if they are its.
  if [ -n "$display" ] && [ "$(tr -d ' ' <"/tmp/.X$display-lock" 2>/dev/null)" = "$server_pid" ]; then
    rm -f "/tmp/.X$display-lock" "/tmp/.X11-unix/X$display"
  fi
  exit 0
}
trap cleanup EXIT TERM INT HUP

${SERVERS[input.server]}

listening() { (exec 3<>"/dev/tcp/$address/$port") 2>/dev/null; }

started=
for display in $(seq ${input.displayBase} ${input.displayBase + input.displayCount - 1}); do
  port=$((5900 + display))
  [ -e "/tmp/.X$display-lock" ] || [ -e "/tmp/.X11-unix/X$display" ] && continue
  listening && continue
  cookie=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \\n')
  xauth -q -f "$dir/Xauthority" add ":$display" . "$cookie"
  start_server
  for _ in $(seq 1 100); do
    if listening; then started=yes; break; fi
    [ -z "$wrapper_pid_file" ] && gone "$server_pid" && break
    sleep 0.1
  done
  [ -n "$started" ] && break
  end_process "$server_pid"
  end_process "$xvfb_pid"
  server_pid= xvfb_pid=
done
if [ -z "$started" ]; then
  echo "session-deck: no VNC server could start on displays ${input.displayBase}-${input.displayBase + input.displayCount - 1} of $(hostname)" >&2
  display=
  exit 1
fi

printf '{"host":"%s","port":%d,"display":%d,"node":"%s"}\\n' "$address" "$port" "$display" "\${SLURMD_NODENAME:-$(hostname)}" >"$record.tmp"
mv -f "$record.tmp" "$record"

if [ -n "$command" ]; then
  DISPLAY=":$display" XAUTHORITY="$dir/Xauthority" /bin/sh -c "$command" >>"$dir/desktop.log" 2>&1 &
  desktop_pid=$!
fi

# Until the server ends or Slurm ends the job (the trap then ends the server).
if [ -n "$wrapper_pid_file" ]; then
  while ! gone "$server_pid"; do sleep 1 & wait $!; done
else
  wait "$server_pid"
fi
`;
}
