// How a job that squeue no longer lists ended. Slurm's accounting (sacct) keeps its final state and
// reason; a site without accounting storage may still log finished jobs (jobcomp/filetxt, which
// `sacct --completion` reads: the state, no reason); where neither is kept, the answer says so
// rather than guessing. A controller or database that does not answer is "unknown, ask again".
import { slurmMessage, UNREACHABLE, type SlurmCommands } from './commands';
import type { JobStatus } from './job-status';

type Ended = Extract<JobStatus, { kind: 'ended' }>;
type Answer = Ended | Extract<JobStatus, { kind: 'unknown' }>;

/** sacct's answer when this Slurm keeps no such record (accounting storage or job completion disabled). */
const NOT_KEPT = /is disabled|not (?:configured|enabled)|jobcomp\/none|accounting_storage\/none/i;

/** The job's line of sacct -P output: its fields, or undefined when sacct listed it not. */
function fieldsOf(output: string, jobId: string): string[] | undefined {
  return output
    .split('\n')
    .map((line) => line.trim().split('|'))
    .find((fields) => fields[0] === jobId);
}

/** sacct writes "CANCELLED by 0": the state is the first word, the rest says who. */
function stateOf(field: string | undefined): { state: string; by?: string } {
  const [state = 'UNKNOWN', ...rest] = (field ?? '').trim().split(/\s+/);
  return rest.length > 0 ? { state, by: rest.join(' ') } : { state };
}

const noReason = (reason: string | undefined) => !reason || reason === 'None';

export async function finalState(commands: SlurmCommands, jobId: string): Promise<Answer> {
  const ask = (args: string[]) => commands.run('sacct', ['-n', '-P', '-X', '-j', jobId, ...args], { quiet: true }).catch((error: Error) => ({ code: null, output: error.message }));
  const accounting = await ask(['-o', 'JobID,State,Reason,ExitCode']);
  const fields = accounting.code === 0 ? fieldsOf(accounting.output, jobId) : undefined;
  if (fields) {
    const { state, by } = stateOf(fields[1]);
    const reason = [noReason(fields[2]) ? '' : fields[2], by ? `by uid ${by}` : '', fields[3] && fields[3] !== '0:0' ? `exit code ${fields[3]}` : ''].filter(Boolean).join(', ');
    return { kind: 'ended', state, reason, source: 'accounting' };
  }
  if (!NOT_KEPT.test(accounting.output)) {
    if (UNREACHABLE.test(accounting.output) || accounting.code !== 0) return { kind: 'unknown', message: `sacct: ${slurmMessage(accounting.output)}` };
  }
  const completion = await ask(['--completion', '-o', 'JobID,State,ExitCode']);
  const logged = completion.code === 0 ? fieldsOf(completion.output, jobId) : undefined;
  if (logged) {
    const { state } = stateOf(logged[1]);
    return { kind: 'ended', state, reason: logged[2] && logged[2] !== '0:0' ? `exit code ${logged[2]}` : '', source: 'completion log' };
  }
  const said = (run: { code: number | null; output: string }) => (run.code === 0 && run.output.trim() === '' ? `no job ${jobId} listed` : slurmMessage(run.output));
  const why = [said(accounting), said(completion)].filter((text, i, all) => all.indexOf(text) === i);
  return {
    kind: 'ended',
    state: 'GONE',
    reason: `Slurm no longer lists the job and keeps no record of how it ended here (sacct: ${why.join('; ')})`,
    source: 'none',
  };
}
