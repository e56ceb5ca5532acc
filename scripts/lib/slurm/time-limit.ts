// Extend for a batch job: ask Slurm for a longer time limit, then read back what it set. A site may
// not let users lengthen a running job (Slurm lets only its operators raise a time limit: "Access/
// permission denied"), or may cap it; the refusal says why in words a user reads, with Slurm's own,
// and an update Slurm answered without moving the limit is a refusal too, never a silent no-op.
import { slurmMessage, type SlurmCommands } from './commands';
import { jobStatus } from './job-status';

function refusal(jobId: string, wantedMinutes: number, output: string): string {
  const said = slurmMessage(output);
  if (/Access\/permission denied|not authorized|permission/i.test(output)) {
    return `this cluster does not let you lengthen a running job: only its administrators may raise job ${jobId}'s time limit (Slurm: ${said})`;
  }
  if (/time limit|time_limit|MaxTime/i.test(output)) return `Slurm refused a time limit of ${wanted(wantedMinutes)} for job ${jobId}, more than its partition or QOS allows (Slurm: ${said})`;
  return `Slurm refused a time limit of ${wanted(wantedMinutes)} for job ${jobId} (Slurm: ${said})`;
}

const wanted = (minutes: number) => `${minutes} min`;

/** Raises the running job's time limit to wantedMinutes; resolves with its new end, rejects saying why not. */
export async function raiseTimeLimit(commands: SlurmCommands, jobId: string, wantedMinutes: number): Promise<number> {
  const run = await commands.run('scontrol', ['update', `JobId=${jobId}`, `TimeLimit=${wantedMinutes}`]);
  if (run.code !== 0 || /error|denied|invalid/i.test(run.output)) throw new Error(refusal(jobId, wantedMinutes, run.output));
  const status = await jobStatus(commands, jobId);
  if (status.kind !== 'running' || status.endsAt === undefined) throw new Error(`Slurm took the new time limit, but job ${jobId} is ${status.kind === 'unknown' ? 'not answering' : status.state}`);
  if (status.timeLimitMinutes !== undefined && Math.round(status.timeLimitMinutes) < wantedMinutes) {
    throw new Error(`Slurm kept job ${jobId}'s time limit at ${Math.round(status.timeLimitMinutes)} min (asked for ${wanted(wantedMinutes)}): the site may cap it`);
  }
  return status.endsAt;
}
