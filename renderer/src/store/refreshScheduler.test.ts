import { describe, expect, it, vi } from 'vitest';
import { deferred } from '../testing/fakes';
import { createRefreshScheduler } from './refreshScheduler';

describe('refresh scheduler', () => {
  it('runs one refresh at a time and coalesces a burst into one more', async () => {
    const gates = [deferred<void>(), deferred<void>()];
    let call = 0;
    const run = vi.fn(() => gates[call++]?.promise ?? Promise.resolve());
    const scheduler = createRefreshScheduler(run);
    scheduler.request();
    scheduler.request();
    scheduler.request();
    expect(run).toHaveBeenCalledTimes(1);
    gates[0]?.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(run).toHaveBeenCalledTimes(2);
    gates[1]?.resolve();
    await scheduler.idle();
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('keeps going after a failed refresh', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const run = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValue(undefined);
    const scheduler = createRefreshScheduler(run);
    scheduler.request();
    await scheduler.idle();
    scheduler.request();
    await scheduler.idle();
    expect(run).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('waits for what hold returns before each run; requests made meanwhile join that run', async () => {
    const held = deferred<void>();
    let holding = true;
    const run = vi.fn(() => Promise.resolve());
    const scheduler = createRefreshScheduler(run, () => (holding ? held.promise : undefined));
    scheduler.request();
    scheduler.request();
    await Promise.resolve();
    expect(run).not.toHaveBeenCalled();
    holding = false;
    held.resolve();
    await scheduler.idle();
    expect(run).toHaveBeenCalledTimes(1);
  });
});
