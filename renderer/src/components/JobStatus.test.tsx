import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { session } from '../testing/fakes';
import { describeQueueReason, JobStatus, queueText } from './JobStatus';

const NOW = Date.UTC(2026, 11, 1, 10, 0);

describe('JobStatus', () => {
  it('says why a queued session waits, where it stands and when it should start', () => {
    const text = queueText({ reason: 'Resources', position: 2, pending: 3, expectedStartAt: NOW + 60_000 }, NOW);
    expect(text).toContain('Resources: the nodes it needs are busy');
    expect(text).toContain('2nd in line of 3');
    expect(text).toMatch(/expected to start \d\d:\d\d/);
    const html = renderToStaticMarkup(<JobStatus session={session({ state: 'queued', queue: { reason: 'Priority', position: 1 }, job: { id: '7' } })} now={NOW} />);
    expect(html).toContain('1st in line');
    expect(html).toContain('counts toward your session limit');
  });

  it('names the job and node of a running cluster session, and nothing for other sessions', () => {
    expect(renderToStaticMarkup(<JobStatus session={session({ state: 'ready', job: { id: '42', node: 'viz01' } })} now={NOW} />)).toMatch(/Cluster job .*42.* on node .*viz01/);
    expect(renderToStaticMarkup(<JobStatus session={session({ state: 'ready' })} now={NOW} />)).toBe('');
  });

  it('keeps reasons it does not know as Slurm says them, and explains account limits', () => {
    expect(describeQueueReason('Licenses')).toBe('Licenses');
    expect(describeQueueReason('QOSMaxJobsPerUserLimit')).toContain('a limit of your account');
  });
});
