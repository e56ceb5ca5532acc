// What squeue says about a job, read into one of four answers: queued (with reason and expected
// start), running (node, start, end), ended (state and reason), or unknown (the controller did not
// answer: ask again). A job squeue no longer knows ("Invalid job id") has ended: how, sacct tells
// where the site keeps a record (job-accounting).
import { slurmMessage, UNREACHABLE, type SlurmCommands } from './commands';
import { finalState } from './job-accounting';

export type JobStatus =
  | { kind: 'queued'; state: string; reason: string; partition: string; expectedStartAt?: number; submittedAt?: number }
  | { kind: 'running'; state: string; node: string; startedAt?: number; endsAt?: number; submittedAt?: number; timeLimitMinutes?: number }
  /** source: where the state was read when squeue no longer listed the job (else squeue). */
  | { kind: 'ended'; state: string; reason: string; source?: 'accounting' | 'completion log' | 'none' }
  | { kind: 'unknown'; message: string };

const SEPARATOR = '\x1f';
const FIELDS = ['JobID', 'State', 'Reason', 'NodeList', 'StartTime', 'EndTime', 'SubmitTime', 'TimeLimit', 'Partition'] as const;
export const SQUEUE_FORMAT = FIELDS.map((field) => `${field}:${SEPARATOR}`).join(',');

const QUEUED = /^(PENDING|CONFIGURING|REQUEUED|REQUEUE_FED|REQUEUE_HOLD|RESV_DEL_HOLD|SPECIAL_EXIT)/;
const RUNNING = /^(RUNNING|COMPLETING|STAGE_OUT|SIGNALING|SUSPENDED|STOPPED|RESIZING)/;

/** Slurm's local times ("2026-12-01T12:02:46"); undefined for N/A, Unknown, None. */
export function slurmTime(text: string | undefined): number | undefined {
  if (!text || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(text)) return undefined;
  const at = new Date(text).getTime();
  return Number.isFinite(at) ? at : undefined;
}

/** "1-02:03:04", "02:03:04", "03:04" (minutes:seconds), "5" (minutes); undefined for UNLIMITED. */
export function slurmMinutes(text: string | undefined): number | undefined {
  const match = /^(?:(\d+)-)?(\d+)(?::(\d+))?(?::(\d+))?$/.exec(text ?? '');
  if (!match) return undefined;
  const [, days, a, b, c] = match;
  const d = Number(days ?? 0);
  if (c !== undefined) return d * 1440 + Number(a) * 60 + Number(b) + Number(c) / 60;
  if (b !== undefined) return days !== undefined ? d * 1440 + Number(a) * 60 + Number(b) : Number(a) + Number(b) / 60;
  return days !== undefined ? d * 1440 + Number(a) * 60 : Number(a);
}

/** One squeue line in SQUEUE_FORMAT. */
export function parseJobLine(line: string): JobStatus | undefined {
  const parts = line.split(SEPARATOR).map((part) => part.trim());
  if (parts.length < FIELDS.length) return undefined;
  const [, state = '', reason = '', nodes = '', start, end, submit, limit, partition = ''] = parts;
  const submittedAt = slurmTime(submit);
  const optional = (key: string, value: number | undefined) => (value === undefined ? {} : { [key]: value });
  if (QUEUED.test(state)) return { kind: 'queued', state, reason, partition, ...optional('expectedStartAt', slurmTime(start)), ...optional('submittedAt', submittedAt) };
  if (RUNNING.test(state)) {
    return {
      kind: 'running',
      state,
      node: nodes,
      ...optional('startedAt', slurmTime(start)),
      ...optional('endsAt', slurmTime(end)),
      ...optional('submittedAt', submittedAt),
      ...optional('timeLimitMinutes', slurmMinutes(limit)),
    };
  }
  return { kind: 'ended', state: state || 'UNKNOWN', reason };
}

export async function jobStatus(commands: SlurmCommands, jobId: string): Promise<JobStatus> {
  const run = await commands.run('squeue', ['--all', '--states=all', '--noconvert', '-h', '-j', jobId, '-O', SQUEUE_FORMAT], { quiet: true }).catch(
    (error: Error) => ({ code: null, output: error.message }),
  );
  if (/Invalid job id/i.test(run.output)) return finalState(commands, jobId);
  if (UNREACHABLE.test(run.output) || run.code !== 0) return { kind: 'unknown', message: slurmMessage(run.output) };
  const line = run.output.split('\n').find((text) => text.split(SEPARATOR)[0]?.trim() === jobId);
  if (!line) return { kind: 'unknown', message: `squeue did not list job ${jobId}` };
  return parseJobLine(line) ?? { kind: 'unknown', message: `squeue printed something unexpected: ${line}` };
}

/** Where the job stands among the pending jobs of its partition: by priority, then by job id. */
export async function queuePosition(commands: SlurmCommands, jobId: string, partition: string): Promise<{ position: number; pending: number } | undefined> {
  const args = ['--all', '--noconvert', '-h', '-t', 'PENDING', ...(partition ? ['-p', partition] : []), '-O', `JobID:${SEPARATOR},PriorityLong:${SEPARATOR}`];
  const run = await commands.run('squeue', args, { quiet: true }).catch(() => undefined);
  if (!run || run.code !== 0) return undefined;
  const jobs = run.output
    .split('\n')
    .map((line) => line.split(SEPARATOR).map((part) => part.trim()))
    .filter(([id]) => id !== undefined && /^\d+$/.test(id))
    .map(([id, priority]) => ({ id: id!, priority: Number(priority) || 0 }))
    .sort((a, b) => b.priority - a.priority || Number(a.id) - Number(b.id));
  const index = jobs.findIndex((job) => job.id === jobId);
  return index < 0 ? undefined : { position: index + 1, pending: jobs.length };
}

const SOURCES = { accounting: " (from Slurm's accounting)", 'completion log': " (from Slurm's job completion log, which keeps no reason)" } as const;

/** How a job ended, in the words the session's end shows. */
export function describeJobEnd(jobId: string, status: Extract<JobStatus, { kind: 'ended' }>): string {
  if (status.source === 'none') return `Slurm job ${jobId} ended: ${status.reason}`;
  const reason = status.reason && status.reason !== 'None' ? `, reason ${status.reason}` : '';
  return `Slurm job ${jobId} ended: state ${status.state}${reason}${status.source ? SOURCES[status.source] : ''}`;
}
