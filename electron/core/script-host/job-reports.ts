// What a batch-job script reports of its job (its place in the queue, the job's id and node), cut
// down to the known fields of the right types before the registry and the UI see it: a user's
// module may send anything. Apart from session-resources.ts because these are checks of untrusted
// input, testable on their own.
import type { JobInfo, QueueStatus } from '../../../scripts/api';

const finiteOrNone = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Only the known fields, of the right types; a missing or empty reason reads "waiting". */
export function checkedQueueStatus(status: QueueStatus): QueueStatus {
  const checked: QueueStatus = { reason: typeof status.reason === 'string' && status.reason !== '' ? status.reason.slice(0, 200) : 'waiting' };
  const position = finiteOrNone(status.position);
  const pending = finiteOrNone(status.pending);
  const expectedStartAt = finiteOrNone(status.expectedStartAt);
  if (position !== undefined) checked.position = position;
  if (pending !== undefined) checked.pending = pending;
  if (expectedStartAt !== undefined) checked.expectedStartAt = expectedStartAt;
  return checked;
}

/** Only the known fields, of the right types (the caller has checked that the id is a non-empty string). */
export function checkedJob(job: JobInfo): JobInfo {
  const checked: JobInfo = { id: job.id.slice(0, 100) };
  if (typeof job.node === 'string' && job.node !== '') checked.node = job.node.slice(0, 200);
  const wait = finiteOrNone(job.queueWaitMs);
  if (wait !== undefined) checked.queueWaitMs = Math.max(0, wait);
  return checked;
}
