// The POSIX shell snippets Session Deck runs on a session's host (dash, busybox sh and bash alike):
// nothing needs installing there but sshd, the VNC server and coreutils. A process is always known
// by pid and start time (field 22 of /proc/<pid>/stat), so a pid reused by a stranger is never
// signalled.

/** One argument for a POSIX shell, single-quoted. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** Sets $start to the start time of pid $1, or fails when there is no such live process. */
const START_TIME_OF = `start_of() { read -r l 2>/dev/null </proc/$1/stat || return 1; r=\${l##*) }; set -- $r; [ "$1" != Z ] || return 1; shift 19; start=$1; }`;

/** The name of a session's private directory on its host starts with this, then the session's id. */
export const REMOTE_SCRATCH_PREFIX = 'session-deck-';

/** Makes the session's private directory and puts the password file (base64 on stdin) in it; prints its path. */
export const makeScratchCommand = (sessionId: string): string =>
  `umask 077 && d=$(mktemp -d "\${TMPDIR:-/tmp}/${REMOTE_SCRATCH_PREFIX}${sessionId.replace(/[^A-Za-z0-9_-]/g, '_')}-XXXXXX") && base64 -d >"$d/passwd" && printf '%s\\n' "$d"`;

/** Starts a command in a new session (so a process group of its own); prints "pid starttime". */
export function launchCommand(scratchDir: string, name: string, command: string): string {
  const log = `${scratchDir}/${name}.log`;
  return [
    START_TIME_OF,
    `cd ${shellQuote(scratchDir)} || exit 1`,
    `setsid /bin/sh -c ${shellQuote(command)} </dev/null >>${shellQuote(log)} 2>&1 &`,
    'p=$!',
    'start_of $p || { echo "exited at once: $(tail -n 5 ' + shellQuote(log) + ')" >&2; exit 1; }',
    'echo "$p $start"',
  ].join('\n');
}

/**
 * Prints "pgrp starttime" of a live pid whose command line or environment names the session's
 * private directory: only the session's own programs can know that (mktemp) name, so a
 * stranger's process is never taken for the session's.
 */
export function identifyCommand(pid: number, scratchDir: string): string {
  return [
    `read -r l 2>/dev/null </proc/${pid}/stat || { echo "there is no process ${pid}" >&2; exit 1; }`,
    'r=${l##*) }; set -- $r',
    `[ "$1" != Z ] || { echo "process ${pid} has exited" >&2; exit 1; }`,
    'g=$3; shift 19; s=$1',
    `grep -aqF -e ${shellQuote(scratchDir)} /proc/${pid}/cmdline /proc/${pid}/environ 2>/dev/null || { echo "process ${pid} was not started by this session (neither its command line nor its environment names ${scratchDir})" >&2; exit 1; }`,
    'echo "$g $s"',
  ].join('\n');
}

/** Runs while pid (with that start time) lives, polling twice a second; exits 0 once it is gone. */
export function watchCommand(pid: number, startTime: string): string {
  return [START_TIME_OF, `while start_of ${pid} && [ "$start" = ${shellQuote(startTime)} ]; do sleep 0.5; done`, `echo "pid ${pid} on the host has exited"`].join('\n');
}

/** Prints the pids among the given identities that still run as that very process. */
export function aliveCommand(processes: readonly { pid: number; startTime: string }[]): string {
  return [START_TIME_OF, ...processes.map(({ pid, startTime }) => `start_of ${pid} && [ "$start" = ${shellQuote(startTime)} ] && echo ${pid}`), 'true'].join('\n');
}

/**
 * Ends the process groups of the given leaders, SIGTERM then SIGKILL after graceMs, and removes
 * the scratch directory. A group is signalled only while its leader is that very process, or gone
 * with members left (its pid cannot have been reused while the group exists).
 */
export function endCommand(processes: readonly { pid: number; startTime: string }[], scratchDir: string | undefined, graceMs: number): string {
  const ours = processes.map(({ pid, startTime }) => `${pid}:${startTime}`).join(' ');
  const rounds = Math.max(1, Math.ceil(graceMs / 100));
  return [
    START_TIME_OF,
    `groups=''`,
    `for entry in ${ours}; do p=\${entry%%:*}; s=\${entry#*:}; if start_of $p; then [ "$start" = "$s" ] || continue; fi; groups="$groups $p"; done`,
    // A group counts while a member is not a zombie: where nothing reaps orphans, a killed server stays one.
    `alive() { for f in /proc/[0-9]*/stat; do read -r l 2>/dev/null <"$f" || continue; r=\${l##*) }; set -- $r; [ "$1" = Z ] && continue; for p in $groups; do [ "$3" = "$p" ] && return 0; done; done; return 1; }`,
    `for p in $groups; do kill -TERM -$p 2>/dev/null; done`,
    `i=0; while alive && [ $i -lt ${rounds} ]; do sleep 0.1; i=$((i+1)); done`,
    `for p in $groups; do kill -KILL -$p 2>/dev/null; done`,
    ...(scratchDir ? [`rm -rf ${shellQuote(scratchDir)}`] : []),
    'true',
  ].join('\n');
}
