import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionThumbnail } from '../../../electron/shared/session';
import { watchServedThumbnails } from './useServedThumbnails';

const picture = (sessionId: string, png: string): SessionThumbnail => ({ sessionId, width: 200, height: 150, takenAt: 1, png });

/** What the session cards would show: the watcher's updates applied as React applies them. */
function shown() {
  let state: Record<string, string> = { gone: 'data:image/png;base64,old' };
  return { update: (next: (previous: Record<string, string>) => Record<string, string>) => (state = next(state)), current: () => state };
}

describe('the served thumbnails of the session cards', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fetches every session now and then every period, and drops sessions no longer listed', async () => {
    let round = 0;
    const getThumbnail = vi.fn(async (id: string) => picture(id, `${id}${round}`));
    const cards = shown();
    const stop = watchServedThumbnails({ getThumbnail }, ['a', 'b'], 1_000, cards.update);
    await vi.advanceTimersByTimeAsync(0);
    expect(cards.current()).toEqual({ a: 'data:image/png;base64,a0', b: 'data:image/png;base64,b0' });
    round = 1;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cards.current()).toEqual({ a: 'data:image/png;base64,a1', b: 'data:image/png;base64,b1' });
    expect(getThumbnail).toHaveBeenCalledTimes(4);
    stop();
  });

  it('keeps the last picture of a session whose picture fails or is not there this time', async () => {
    const replies: Record<string, () => Promise<SessionThumbnail | null>> = { a: async () => picture('a', 'first'), b: async () => picture('b', 'first') };
    const cards = shown();
    const stop = watchServedThumbnails({ getThumbnail: (id) => replies[id]!() }, ['a', 'b'], 1_000, cards.update);
    await vi.advanceTimersByTimeAsync(0);
    replies.a = () => Promise.reject(new Error('host down'));
    replies.b = async () => null;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(cards.current()).toEqual({ a: 'data:image/png;base64,first', b: 'data:image/png;base64,first' });
    // A session that never had one has none.
    const fresh = shown();
    const stopFresh = watchServedThumbnails({ getThumbnail: () => Promise.reject(new Error('host down')) }, ['c'], 1_000, fresh.update);
    await vi.advanceTimersByTimeAsync(0);
    expect(fresh.current()).toEqual({});
    stop();
    stopFresh();
  });

  it('after the stop (the list unmounted), fetches nothing more and drops replies still on their way', async () => {
    let answer: (value: SessionThumbnail) => void = () => {};
    const getThumbnail = vi.fn(() => new Promise<SessionThumbnail>((resolve) => (answer = resolve)));
    const cards = shown();
    const stop = watchServedThumbnails({ getThumbnail }, ['a'], 1_000, cards.update);
    // A slow reply: the rounds due meanwhile do not ask again.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(getThumbnail).toHaveBeenCalledTimes(1);
    stop();
    answer(picture('a', 'late'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(getThumbnail).toHaveBeenCalledTimes(1);
    expect(cards.current()).toEqual({ gone: 'data:image/png;base64,old' });
  });
});
