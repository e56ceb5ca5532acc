// A cluster session's job in words: while it waits, why (Slurm's reason, explained), where it
// stands in line and when the cluster expects to start it; once it runs, its job id and node.
import type { QueueStatus, SessionInfo } from '../../../electron/shared/session';
import { formatMoment } from '../lib/format';

const REASONS: Record<string, string> = {
  Resources: 'the nodes it needs are busy',
  Priority: 'jobs with a higher priority go first',
  None: 'the scheduler has not looked at it yet',
  Dependency: 'it waits for another job',
  BeginTime: 'its start time has not come yet',
  ReqNodeNotAvail: 'a node it needs is not available',
  PartitionTimeLimit: 'its time limit is longer than the partition allows',
  JobHeldUser: 'it is held',
  JobHeldAdmin: 'an administrator holds it',
};

/** Slurm's reason, with what it means where we know it (QOS and association limits say "limit"). */
export function describeQueueReason(reason: string): string {
  const known = REASONS[reason];
  if (known) return `${reason}: ${known}`;
  if (/^(QOS|Assoc).*Limit/.test(reason)) return `${reason}: a limit of your account or quality of service is reached`;
  return reason;
}

const ordinal = (n: number) => `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;

export function queueText(queue: QueueStatus, now: number): string {
  const parts = [`Waiting in the cluster queue (${describeQueueReason(queue.reason)})`];
  if (queue.position !== undefined) parts.push(`${ordinal(queue.position)} in line${queue.pending !== undefined ? ` of ${queue.pending}` : ''}`);
  if (queue.expectedStartAt !== undefined) parts.push(`expected to start ${formatMoment(queue.expectedStartAt, now)}`);
  return parts.join(' · ');
}

export function JobStatus({ session, now }: { session: SessionInfo; now: number }) {
  if (session.state === 'queued' && session.queue) {
    return (
      <>
        <p className="small job-queue" role="status">
          {queueText(session.queue, now)}
        </p>
        <p className="muted small">It holds its slot while it waits and counts toward your session limit. Stop cancels the job.</p>
      </>
    );
  }
  if (!session.job) return null;
  return (
    <p className="muted small job-info">
      Cluster job <span className="mono">{session.job.id}</span>
      {session.job.node ? (
        <>
          {' '}
          on node <span className="mono">{session.job.node}</span>
        </>
      ) : null}
    </p>
  );
}
