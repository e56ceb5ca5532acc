// Refusals aggregated per minute, reason and session on fake time: exact counts, one record per
// window, written at the window's end or at flush.
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeTime } from '../registry/testing/fake-time';
import { RefusalAggregator, type RefusalRecord } from './refusal-aggregator';

const MINUTE = 60_000;
// A whole UTC minute, so windows start where the test expects.
const START = Date.UTC(2026, 0, 1, 12, 0, 0);

let time: FakeTime;
let written: RefusalRecord[];
let aggregator: RefusalAggregator;

beforeEach(() => {
  time = new FakeTime(START);
  written = [];
  aggregator = new RefusalAggregator({ time, write: async (record) => void written.push(record) });
});

describe('refusal aggregator', () => {
  it('writes 5,000 refusals in one minute as one record with count 5000, at the end of that minute', async () => {
    for (let i = 0; i < 5000; i += 1) {
      aggregator.note(null, 'unknown_ticket');
      if (i % 100 === 99) await time.advance(1000);
    }
    // 50 s in: the minute is still open.
    expect(written).toEqual([]);
    await time.advance(MINUTE - 50_000);
    expect(written).toEqual([{ kind: 'ticket_rejected', details: { reason: 'unknown_ticket', count: 5000, firstAt: START, lastAt: START + 49_000 } }]);
  });

  it('writes a burst over three minutes as three records whose counts add up', async () => {
    for (let second = 0; second < 180; second += 10) {
      for (let i = 0; i < 100; i += 1) aggregator.note(null, 'bad_path');
      await time.advance(10_000);
    }
    await time.advance(MINUTE);
    expect(written.map((record) => record.details.count)).toEqual([600, 600, 600]);
    expect(written.map((record) => record.details.firstAt)).toEqual([START, START + MINUTE, START + 2 * MINUTE]);
  });

  it('keeps reasons and sessions apart', async () => {
    aggregator.note('s1', 'unknown_ticket');
    aggregator.note('s1', 'unknown_ticket');
    aggregator.note('s2', 'unknown_ticket');
    aggregator.note(null, 'origin_not_allowed');
    await time.advance(MINUTE);
    expect(written.map((record) => [record.sessionId, record.details.reason, record.details.count])).toEqual([
      ['s1', 'unknown_ticket', 2],
      ['s2', 'unknown_ticket', 1],
      [undefined, 'origin_not_allowed', 1],
    ]);
  });

  it('writes what is open at flush and resolves once it is written', async () => {
    let release: () => void = () => undefined;
    const slow = new RefusalAggregator({ time, write: (record) => new Promise((resolve) => (release = () => resolve(void written.push(record)))) });
    slow.note(null, 'handshake_timeout');
    await time.advance(10_000);
    slow.note(null, 'handshake_timeout');
    let flushed = false;
    const flushing = slow.flush().then(() => (flushed = true));
    await time.settle();
    expect(flushed).toBe(false);
    release();
    await flushing;
    expect(written).toEqual([{ kind: 'ticket_rejected', details: { reason: 'handshake_timeout', count: 2, firstAt: START, lastAt: START + 10_000 } }]);
    // Nothing is left to write at the minute's end.
    await time.advance(MINUTE);
    expect(written).toHaveLength(1);
  });

  it('writes a late window at once when its timer has not run yet', async () => {
    const stalled = new RefusalAggregator({ time: { now: () => time.now(), after: () => () => undefined }, write: async (record) => void written.push(record) });
    stalled.note(null, 'bad_path');
    await time.advance(MINUTE + 1);
    stalled.note(null, 'bad_path');
    expect(written.map((record) => record.details.count)).toEqual([1]);
    await stalled.flush();
    expect(written.map((record) => record.details.count)).toEqual([1, 1]);
  });
});
