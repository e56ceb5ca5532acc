// A batch-job script's reports, as the registry gets them: known fields of the right types only.
import { describe, expect, it } from 'vitest';
import type { JobInfo, QueueStatus } from '../../../scripts/api';
import { checkedJob, checkedQueueStatus } from './job-reports';

describe('job reports', () => {
  it('keeps a queue status whose fields are all of the right types', () => {
    expect(checkedQueueStatus({ reason: 'Priority', position: 3, pending: 7, expectedStartAt: 1_700_000_000_000 })).toEqual({ reason: 'Priority', position: 3, pending: 7, expectedStartAt: 1_700_000_000_000 });
  });

  it('drops what is not a finite number, reads a missing reason as waiting and cuts a long one', () => {
    const sent = { reason: '', position: Number.NaN, pending: '7', expectedStartAt: Infinity, extra: 'x' } as unknown as QueueStatus;
    expect(checkedQueueStatus(sent)).toEqual({ reason: 'waiting' });
    expect(checkedQueueStatus({ reason: 'r'.repeat(500) }).reason).toHaveLength(200);
  });

  it("keeps a job's id, node and queue wait, with a negative wait as none and no other field", () => {
    const sent = { id: '4242', node: 'node07', queueWaitMs: -5, partition: 'gpu' } as unknown as JobInfo;
    expect(checkedJob(sent)).toEqual({ id: '4242', node: 'node07', queueWaitMs: 0 });
    expect(checkedJob({ id: 'j'.repeat(300), node: '' })).toEqual({ id: 'j'.repeat(100) });
  });
});
