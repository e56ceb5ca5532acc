// A session that runs as a batch job (a scheduler such as Slurm runs its server): what its script
// tells the registry while it starts (the queue it waits in: the session is queued, holding its
// slot, the start timeout held; the job's id and node; the job's end time, which replaces the app's
// maximum duration), the job ending under it, and Extend, which only the script can do (or refuse,
// saying why) because the deadline is the scheduler's.
import { ApiError } from '../../shared/errors';
import type { TerminationCause } from '../../shared/session';
import type { JobListener } from '../script-host/session-resources';
import { isStarting, publicState, isRunning, type Lifecycle, type SessionRecord } from './session-record';
import type { StartTimeout } from './start-race';

export interface BatchJobDeps {
  setLifecycle(record: SessionRecord, lifecycle: Lifecycle): void;
  publish(record: SessionRecord, event: { kind: 'queued' | 'job' | 'step' | 'extended' }): void;
}

export function batchJobListener(record: SessionRecord, timeout: StartTimeout, deps: BatchJobDeps): JobListener {
  return {
    queued(status) {
      const life = record.lifecycle;
      if (!isStarting(life)) return;
      const base = { slot: life.slot, scriptStarted: life.scriptStarted, ...(life.stopCause ? { stopCause: life.stopCause } : {}) };
      if (status) {
        timeout.pause();
        deps.setLifecycle(record, { phase: 'queued', queue: status, ...base });
        deps.publish(record, { kind: 'queued' });
      } else if (life.phase === 'queued') {
        timeout.resume();
        deps.setLifecycle(record, { phase: 'starting', step: 'waiting_for_server', ...base });
        deps.publish(record, { kind: 'step' });
      }
    },
    job(job) {
      if (record.lifecycle.phase === 'ending' || record.lifecycle.phase === 'ended') return;
      record.job = job;
      deps.publish(record, { kind: 'job' });
    },
    deadline(at) {
      if (record.lifecycle.phase === 'ending' || record.lifecycle.phase === 'ended') return;
      record.extendedDeadline = at;
      record.deadlineFromJob = true;
      deps.publish(record, { kind: 'extended' });
    },
  };
}

/** Once running, a job the scheduler ends (time limit, scancel, node failure) ends its session. */
export function endWhenJobEnds(record: SessionRecord, end: (record: SessionRecord, cause: TerminationCause, message: string) => unknown): void {
  void record.resources?.jobEnded.then((description) => end(record, 'job_ended', description));
}

/** The new deadline of a running batch-job session, as its script moved the job's time limit; rejects with why not. */
export async function extendJob(record: SessionRecord): Promise<number> {
  const extend = record.service?.extend?.bind(record.service);
  if (!extend) throw new ApiError('not_supported', `session ${record.id} ends with its batch job's time limit, which its script cannot extend`);
  const deadline = await extend().catch((error: Error) => {
    throw new ApiError('bad_request', `not extended: ${error?.message ?? String(error)}`);
  });
  if (!isRunning(record)) throw new ApiError('bad_request', `session ${record.id} is ${publicState(record)}, not running`);
  return deadline;
}
