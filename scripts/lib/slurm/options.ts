// The slurm script's options (a session type's `options`), read and checked once per slot: a bad
// value becomes the start's error, naming the key, what was expected and what was found.
import { isAbsolute } from 'node:path';
import { booleanOption, choiceOption, integerOption, ScriptOptionError, stringOption } from '../options';

export const SLURM_SERVERS = ['xvnc', 'vncserver', 'x11vnc'] as const;
export type SlurmServer = (typeof SLURM_SERVERS)[number];

export interface SlurmOptions {
  partition?: string;
  /** The job's time limit; absent: the app's maximum session duration. */
  timeLimitMinutes?: number;
  account?: string;
  qos?: string;
  sbatchArgs: string[];
  server: SlurmServer;
  /** Run sbatch/squeue/scancel/scontrol there over SSH (a login node); absent: here. */
  submitHost?: string;
  /** ssh -F: the ssh_config for the submit host and the forwards to nodes; absent: the user's own. */
  sshConfig?: string;
  /** A directory the nodes and Session Deck both see; absent: the session's own scratch directory. */
  workDir?: string;
  /** Viewers reach the node's port directly; otherwise through an SSH forward to the node. */
  direct: boolean;
  /** SLURM_CONF for Slurm's commands (and the job). */
  slurmConf?: string;
  pollIntervalMs: number;
  /** The job tries displays displayBase .. displayBase + displayCount - 1 on its node. */
  displayBase: number;
  displayCount: number;
  depth: number;
  command?: string;
}

type Options = Readonly<Record<string, unknown>>;

/** Names Slurm takes for partitions, accounts and QOS. */
const SLURM_NAME = /^[A-Za-z0-9_.,+-]{1,200}$/;
/** A host (or user@host, or an ssh_config alias) that cannot pass for an ssh option. */
const SSH_HOST = /^(?!-)[A-Za-z0-9_.@:[\]%-]{1,255}$/;

function nameOption(options: Options, key: string): string | undefined {
  const value = stringOption(options, key);
  if (value !== undefined && !SLURM_NAME.test(value)) {
    throw new ScriptOptionError(`options.${key}: expected a Slurm name (letters, digits, _ . , + -), found ${JSON.stringify(value)}`);
  }
  return value;
}

function stringListOption(options: Options, key: string): string[] {
  const value = options[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new ScriptOptionError(`options.${key}: expected a list of non-empty strings (each one sbatch argument), found ${JSON.stringify(value)}`);
  }
  return value as string[];
}

function absolutePathOption(options: Options, key: string): string | undefined {
  const value = stringOption(options, key);
  if (value !== undefined && !isAbsolute(value)) throw new ScriptOptionError(`options.${key}: expected an absolute path, found ${JSON.stringify(value)}`);
  return value;
}

export function readSlurmOptions(options: Options): SlurmOptions {
  const submitHost = stringOption(options, 'submit_host');
  if (submitHost !== undefined && !SSH_HOST.test(submitHost)) {
    throw new ScriptOptionError(`options.submit_host: expected a host name, user@host or an ssh_config alias, found ${JSON.stringify(submitHost)}`);
  }
  const timeLimit = options.time_limit_minutes === undefined ? undefined : integerOption(options, 'time_limit_minutes', 60, 1, 366 * 24 * 60);
  const command = stringOption(options, 'command');
  const partition = nameOption(options, 'partition');
  const account = nameOption(options, 'account');
  const qos = nameOption(options, 'qos');
  const workDir = absolutePathOption(options, 'work_dir');
  const slurmConf = absolutePathOption(options, 'slurm_conf');
  const sshConfig = absolutePathOption(options, 'ssh_config');
  return {
    ...(partition ? { partition } : {}),
    ...(timeLimit !== undefined ? { timeLimitMinutes: timeLimit } : {}),
    ...(account ? { account } : {}),
    ...(qos ? { qos } : {}),
    sbatchArgs: stringListOption(options, 'sbatch_args'),
    server: choiceOption(options, 'server', SLURM_SERVERS) ?? 'xvnc',
    ...(submitHost ? { submitHost } : {}),
    ...(sshConfig ? { sshConfig } : {}),
    ...(workDir ? { workDir } : {}),
    direct: booleanOption(options, 'direct', false),
    ...(slurmConf ? { slurmConf } : {}),
    pollIntervalMs: integerOption(options, 'poll_interval_ms', 2_000, 200, 60_000),
    displayBase: integerOption(options, 'display_base', 100, 1, 59_000),
    displayCount: integerOption(options, 'display_count', 50, 1, 500),
    depth: integerOption(options, 'depth', 24, 8, 32),
    ...(command ? { command } : {}),
  };
}
