// The audit record of a batch-job session's wait in the queue: one per wait, with the job and
// Slurm's reason and position, however often the queue news repeats.
import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../shared/session';
import type { AuditInput } from '../../journal/journal-api';
import { EventHub } from '../event-hub';
import type { SessionEvent } from '../session-events';
import { attachJournalWriter } from './journal-writer';

const session = (patch: Partial<SessionInfo>): SessionInfo => ({ id: 's1', type: 'Cluster', index: 0, user: 'ann', size: '800x600', state: 'queued', ...patch }) as SessionInfo;

describe('the journal writer on a queued session', () => {
  it('records session_queued once per wait in the queue, with job id, reason and position', async () => {
    const events = new EventHub<SessionEvent>();
    const records: AuditInput[] = [];
    const journal = { record: async (input: AuditInput) => void records.push(input), recordEnded: async () => undefined, noteConcurrency: () => undefined };
    attachJournalWriter({ events, journal, user: 'ann', runningOfType: () => 0, now: () => 0, log: () => undefined });
    const queued = (position: number, reason = 'Resources') => session({ job: { id: '42' }, queue: { reason, position, pending: 2, expectedStartAt: 5_000 } });

    await events.emit({ kind: 'queued', session: queued(2) });
    // Its squeue polls are processes of the session: news that leaves it waiting.
    await events.emit({ kind: 'processes', session: queued(2) });
    await events.emit({ kind: 'queued', session: queued(1, 'Priority') });
    await events.emit({ kind: 'step', session: session({ state: 'starting', job: { id: '42' } }) });
    // Requeued by Slurm: a second wait.
    await events.emit({ kind: 'queued', session: queued(1) });

    const waits = records.filter((record) => record.kind === 'session_queued');
    expect(waits).toEqual([
      { kind: 'session_queued', sessionId: 's1', type: 'Cluster', index: 0, user: 'ann', details: { jobId: '42', reason: 'Resources', position: 2, pending: 2, expectedStartAt: 5_000 } },
      { kind: 'session_queued', sessionId: 's1', type: 'Cluster', index: 0, user: 'ann', details: { jobId: '42', reason: 'Resources', position: 1, pending: 2, expectedStartAt: 5_000 } },
    ]);
  });
});
