import { describe, expect, it } from 'vitest';
import { parsedJobId, slurmMessage } from './commands';
import { parseJobLine, slurmMinutes, slurmTime } from './job-status';

const line = (...fields: string[]) => fields.map((field) => `${field}\x1f`).join('');

describe('what squeue says about a job', () => {
  it('reads a pending job as queued, with its reason, partition and expected start', () => {
    expect(parseJobLine(line('12', 'PENDING', 'Resources', '', '2026-12-01T12:02:46', '2026-12-01T13:02:46', '2026-12-01T11:00:00', '1:00:00', 'viz'))).toEqual({
      kind: 'queued',
      state: 'PENDING',
      reason: 'Resources',
      partition: 'viz',
      expectedStartAt: new Date('2026-12-01T12:02:46').getTime(),
      submittedAt: new Date('2026-12-01T11:00:00').getTime(),
    });
  });

  it('reads a running job with its node, start, end and time limit', () => {
    expect(parseJobLine(line('12', 'RUNNING', 'None', 'node7', '2026-12-01T12:00:00', '2026-12-01T12:30:00', 'N/A', '30:00', 'viz'))).toMatchObject({
      kind: 'running',
      node: 'node7',
      endsAt: new Date('2026-12-01T12:30:00').getTime(),
      timeLimitMinutes: 30,
    });
  });

  it('reads every final state as ended, with Slurm\'s reason', () => {
    for (const state of ['COMPLETED', 'CANCELLED', 'TIMEOUT', 'NODE_FAIL', 'PREEMPTED', 'FAILED', 'OUT_OF_MEMORY', 'DEADLINE', 'BOOT_FAIL']) {
      expect(parseJobLine(line('1', state, 'TimeLimit', 'n', 'N/A', 'N/A', 'N/A', '1:00', 'p'))).toEqual({ kind: 'ended', state, reason: 'TimeLimit' });
    }
    expect(parseJobLine('1\x1fPENDING')).toBeUndefined();
  });

  it('reads Slurm\'s times and durations', () => {
    expect(slurmTime('N/A')).toBeUndefined();
    expect(slurmTime('Unknown')).toBeUndefined();
    expect(slurmMinutes('1-02:03:00')).toBe(1563);
    expect(slurmMinutes('02:03:00')).toBe(123);
    expect(slurmMinutes('45:00')).toBe(45);
    expect(slurmMinutes('5')).toBe(5);
    expect(slurmMinutes('2-00')).toBe(2880);
    expect(slurmMinutes('UNLIMITED')).toBeUndefined();
  });
});

describe('what sbatch says', () => {
  it('finds the job id of --parsable, with or without a cluster name', () => {
    expect(parsedJobId('42\n')).toBe('42');
    expect(parsedJobId('sbatch: warning: something\n43;decktest\n')).toBe('43');
    expect(parsedJobId('sbatch: error: Batch job submission failed: Invalid partition name specified\n')).toBeUndefined();
  });

  it('keeps Slurm\'s own error lines for the user', () => {
    expect(slurmMessage('sbatch: error: invalid partition specified: nope\nsbatch: error: Batch job submission failed: Invalid partition name specified\n')).toBe(
      'sbatch: error: invalid partition specified: nope; sbatch: error: Batch job submission failed: Invalid partition name specified',
    );
    expect(slurmMessage('')).toBe('no output');
  });
});
