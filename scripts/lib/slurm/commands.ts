// Slurm's own commands (sbatch, squeue, scancel, scontrol, sacct), here or over SSH on a login node, each
// run as a process the session owns. Slurm can exit 0 and still have failed, so the output is read
// for what it says; a controller that does not answer is "unknown, ask again", never "gone".
import type { SessionResources } from '../../api';
import { runCaptured } from '../run-captured';
import { shellQuote } from './job-script';

export type SlurmCommand = 'sbatch' | 'squeue' | 'scancel' | 'scontrol' | 'sacct';

export interface SlurmRun {
  code: number | null;
  output: string;
}

export interface SlurmCommands {
  run(command: SlurmCommand, args: readonly string[], options?: { stdinFile?: string; quiet?: boolean }): Promise<SlurmRun>;
}

const COMMAND_TIMEOUT_MS = 30_000;
/** The variable Session Deck marks a session's processes with (see SessionResources.spawn). */
const SESSION_MARKER = 'SESSION_DECK_SESSION';

/** What Slurm prints when its controller is busy, restarting or out of reach: not an answer about the job. */
export const UNREACHABLE = /Socket timed out|Unable to contact slurm controller|Connection refused|Connection timed out|Zero Bytes were transmitted|slurm_receive_msg|Transport endpoint|Resource temporarily unavailable|temporarily unable/i;

export interface CommandsConfig {
  submitHost?: string;
  sshConfig?: string;
  slurmConf?: string;
}

/**
 * Local commands get SLURM_CONF in their environment; remote ones run through `ssh -o BatchMode=yes`
 * (never a password prompt, never a host key accepted unasked) with every word quoted for the
 * remote shell, and stdin (the job script) handed through ssh.
 */
export function slurmCommands(session: SessionResources, config: CommandsConfig): SlurmCommands {
  return {
    async run(command, args, options = {}) {
      const words = [command, ...args];
      let argv: string[];
      let env: Record<string, string> | undefined;
      if (config.submitHost) {
        const remote = [...(config.slurmConf ? ['env', `SLURM_CONF=${config.slurmConf}`] : []), ...words].map(shellQuote).join(' ');
        argv = ['ssh', ...(config.sshConfig ? ['-F', config.sshConfig] : []), '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '--', config.submitHost, remote];
      } else {
        // A job inherits sbatch's environment (--export=NONE would make slurmd load a login
        // environment, a minute here), but not the session's process marker: the job's processes
        // are the job's to end, and they must not pass for Session Deck's.
        argv = ['env', '-u', SESSION_MARKER, ...words];
        env = config.slurmConf ? { SLURM_CONF: config.slurmConf } : undefined;
      }
      // "$0" is the file for stdin (or /dev/null); the command and its words follow, never re-parsed.
      const run = await runCaptured(session, '/bin/sh', ['-c', 'exec "$@" <"$0"', options.stdinFile ?? '/dev/null', ...argv], {
        timeoutMs: COMMAND_TIMEOUT_MS,
        label: command,
        ...(env ? { env } : {}),
        ...(options.quiet ? { quiet: true } : {}),
      });
      return { code: run.code, output: run.output };
    },
  };
}

/** Slurm's own error lines ("sbatch: error: ..."), or the whole output when it printed none. */
export function slurmMessage(output: string): string {
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const errors = lines.filter((line) => /error|denied|invalid|unable|failed/i.test(line));
  return (errors.length > 0 ? errors : lines).join('; ') || 'no output';
}

/** The job id `sbatch --parsable` printed ("42" or "42;cluster"), or undefined. */
export function parsedJobId(output: string): string | undefined {
  for (const line of output.split('\n')) {
    const match = /^(\d+)(?:;\S+)?$/.exec(line.trim());
    if (match) return match[1];
  }
  return undefined;
}
