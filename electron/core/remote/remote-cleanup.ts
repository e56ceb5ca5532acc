// Ends what a session left on its host when Session Deck could not reach the host at the session's
// end (or after a crash): one plain `ssh` run of the same clean-up a stop does, by recorded pid and
// start time only (a pid a stranger got since is never signalled), then the scratch directory
// removed. No control socket: the session's local scratch directory may be long gone.
import { execFile } from 'node:child_process';
import { endCommand, shellQuote } from './remote-shell';
import type { RemoteRecord } from './remote-record';

export type CleanupOutcome = { done: true } | { done: false; unreachable: boolean; message: string };

/** ssh's own failure (connection, host key, authentication) is its exit code 255. */
const SSH_FAILED = 255;

export function cleanUpOnHost(record: RemoteRecord, options: { env: NodeJS.ProcessEnv; stopGraceMs: number; sshCommand?: string; timeoutMs?: number }): Promise<CleanupOutcome> {
  const args = [
    ...(record.sshConfig ? ['-F', record.sshConfig] : []),
    '-o', 'BatchMode=yes',
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'ControlMaster=no',
    '-o', 'ControlPath=none',
    '-o', 'ConnectTimeout=10',
    ...(record.sshOptions ?? []).flatMap((option) => ['-o', option]),
    '-T', '--', record.destination,
    `exec /bin/sh -c ${shellQuote(endCommand(record.processes, record.scratchDir || undefined, options.stopGraceMs))}`,
  ];
  return new Promise((resolve) => {
    execFile(options.sshCommand ?? 'ssh', args, { env: options.env, timeout: options.timeoutMs ?? options.stopGraceMs + 20_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve({ done: true });
      const code = typeof error.code === 'number' ? error.code : undefined;
      const message = stderr.trim().split('\n').pop() || error.message;
      resolve({ done: false, unreachable: code === SSH_FAILED || code === undefined, message });
    });
  });
}
