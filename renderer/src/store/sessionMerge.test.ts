import { describe, expect, it } from 'vitest';
import { session } from '../testing/fakes';
import { mergeList, mergeReports, newerReport, withTraffic } from './sessionMerge';

describe('newerReport', () => {
  it('keeps the higher revision, whatever updatedAt says', () => {
    const extended = session({ revision: 4, deadline: 9_000, updatedAt: 1_000 });
    const stale = session({ revision: 3, deadline: 5_000, updatedAt: 1_000 });
    expect(newerReport(extended, stale)).toBe(extended);
    expect(newerReport(stale, extended)).toBe(extended);
    // A stale report cannot win by a later updatedAt either.
    expect(newerReport(extended, session({ revision: 2, updatedAt: 8_000 }))).toBe(extended);
  });

  it('takes the incoming report on an equal revision, and any report of an unknown session', () => {
    const incoming = session({ revision: 2 });
    expect(newerReport(session({ revision: 2 }), incoming)).toBe(incoming);
    expect(newerReport(undefined, incoming)).toBe(incoming);
  });
});

describe('byte counts', () => {
  it('keep the larger, whichever report wins by revision', () => {
    const counted = session({ revision: 3, bytesToViewer: 900, bytesFromViewer: 9 });
    const newer = session({ revision: 4, viewers: 1, bytesToViewer: 500, bytesFromViewer: 5 });
    expect(newerReport(counted, newer)).toEqual({ ...newer, bytesToViewer: 900, bytesFromViewer: 9 });
    expect(newerReport(newer, session({ revision: 2, bytesToViewer: 100 }))).toBe(newer);
  });

  it('grow with traffic and never shrink; the same session object when nothing grew', () => {
    const known = session({ bytesToViewer: 100, bytesFromViewer: 10 });
    expect(withTraffic(known, { sessionId: known.id, bytesToViewer: 150, bytesFromViewer: 10 })).toEqual({ ...known, bytesToViewer: 150 });
    expect(withTraffic(known, { sessionId: known.id, bytesToViewer: 50, bytesFromViewer: 5 })).toBe(known);
  });
});

describe('mergeReports', () => {
  it('merges each report by revision and leaves the others alone', () => {
    const a = session({ id: 'a', revision: 5, viewers: 2 });
    const b = session({ id: 'b', revision: 1 });
    const merged = mergeReports({ a, b }, [session({ id: 'a', revision: 4, viewers: 0 }), session({ id: 'c' })]);
    expect(merged.a).toBe(a);
    expect(merged.b).toBe(b);
    expect(Object.keys(merged).sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('mergeList', () => {
  it('drops what the list lacks, unless it failed or was reported after the request', () => {
    const sessions = {
      gone: session({ id: 'gone' }),
      bad: session({ id: 'bad', state: 'failed' }),
      fresh: session({ id: 'fresh' }),
    };
    const merged = mergeList(sessions, { gone: 1, bad: 1, fresh: 3 }, [session({ id: 'new' })], 2);
    expect(Object.keys(merged).sort()).toEqual(['bad', 'fresh', 'new']);
  });

  it('does not let a listed session roll back a newer report', () => {
    const extended = session({ id: 'a', revision: 7, deadline: 9_000 });
    const merged = mergeList({ a: extended }, { a: 3 }, [session({ id: 'a', revision: 6, deadline: 5_000 })], 2);
    expect(merged.a).toBe(extended);
  });
});
