// Ending a session's processes must not read /proc synchronously: the same event loop carries
// every viewer's traffic. Synchronous fs calls are made to throw here; terminate() must not care.
import type * as fs from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { spawnOwned } from './owned-process';

vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof fs>();
  const refuse = () => {
    throw new Error('synchronous file system call on the event loop');
  };
  return { ...original, default: { ...original, readdirSync: refuse, readFileSync: refuse }, readdirSync: refuse, readFileSync: refuse };
});

describe('owned processes, asynchronously', () => {
  it('terminate() waits for the group without synchronous /proc reads', async () => {
    // The shell ignores SIGTERM for a moment, so terminate() has to look at the group again.
    const child = spawnOwned('/bin/sh', ['-c', `trap 'sleep 0.3; exit 0' TERM; sleep 30 & wait`], {});
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exit = await child.terminate(10_000);
    expect(exit.code !== null || exit.signal !== null).toBe(true);
  });
});
