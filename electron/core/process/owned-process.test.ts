import { describe, expect, it } from 'vitest';
import { findProcesses } from '../testing/fixtures';
import { spawnOwned } from './owned-process';

describe('owned processes', () => {
  it('terminate() ends the whole process group, grandchildren included, without waiting out the grace', async () => {
    const marker = 3000 + Math.floor(Math.random() * 60_000); // unique to this run
    const child = spawnOwned('/bin/sh', ['-c', `sleep ${marker}.1 & sleep ${marker}.2; echo never`], {});
    await expect.poll(() => findProcesses(`sleep ${marker}.`)).toHaveLength(3); // the shell and its two sleeps
    // A grace longer than the test's own timeout: waiting it out fails the test.
    const exit = await child.terminate(120_000);
    expect(exit.signal).toBe('SIGTERM');
    expect(await findProcesses(`sleep ${marker}.`)).toEqual([]);
  });

  it('reports a command that cannot run', () => {
    expect(() => spawnOwned('/nonexistent/deck-binary', [], {})).toThrow('cannot run /nonexistent/deck-binary: not found or not executable');
  });
});
