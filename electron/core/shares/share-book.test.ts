// The share store: keys kept only as digests, links that open until they expire, are revoked or
// their session ends, and that say which of these happened.
import { describe, expect, it } from 'vitest';
import { SHARE_ID_PATTERN, SHARE_KEY_PATTERN } from '../../shared/share';
import { ShareBook } from './share-book';

const MINUTE = 60_000;

function withClock() {
  let now = Date.UTC(2026, 0, 1);
  return { book: new ShareBook(() => now), advance: (ms: number) => (now += ms), now: () => now };
}

describe('share book', () => {
  it('makes an unguessable id and key, keeps only the key\'s digest, and opens with the right key only', () => {
    const { book } = withClock();
    const { share, key } = book.create('s1', 15 * MINUTE);
    expect(share.id).toMatch(SHARE_ID_PATTERN);
    expect(key).toMatch(SHARE_KEY_PATTERN);
    expect(JSON.stringify([...(book as unknown as { shares: Map<string, unknown> }).shares.values()])).not.toContain(key);
    expect(book.check(share.id, key)).toEqual({ ok: true, share });
    // The same key opens again (several viewers, a reload): each opening gets its own ticket.
    expect(book.check(share.id, key).ok).toBe(true);
    const wrongKey = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const [id, given] of [[share.id, wrongKey], [share.id, ''], [share.id, `${key}x`], ['x'.repeat(22), key], ['../etc', key]] as const) {
      expect(book.check(id, given)).toEqual({ ok: false, reason: 'wrong' });
    }
    const other = book.create('s1', 15 * MINUTE);
    expect(book.check(other.share.id, key)).toEqual({ ok: false, reason: 'wrong' });
  });

  it('expires at its time: not listed, refused as expired, and reported once by expireDue', () => {
    const { book, advance } = withClock();
    const { share, key } = book.create('s1', 15 * MINUTE);
    advance(15 * MINUTE - 1);
    expect(book.active('s1').map((s) => s.id)).toEqual([share.id]);
    advance(1);
    expect(book.active('s1')).toEqual([]);
    expect(book.check(share.id, key)).toMatchObject({ ok: false, reason: 'expired' });
    expect(book.expireDue().map((s) => s.id)).toEqual([share.id]);
    expect(book.expireDue()).toEqual([]);
    expect(book.end('s1', share.id, 'revoked')).toBeUndefined();
  });

  it('revokes one share of its own session only, and says so to its link', () => {
    const { book } = withClock();
    const a = book.create('s1', 60 * MINUTE);
    const b = book.create('s1', 60 * MINUTE);
    expect(book.end('s2', a.share.id, 'revoked')).toBeUndefined();
    expect(book.end('s1', a.share.id, 'revoked')).toMatchObject({ id: a.share.id, ended: { reason: 'revoked' } });
    expect(book.end('s1', a.share.id, 'revoked')).toBeUndefined();
    expect(book.check(a.share.id, a.key)).toMatchObject({ ok: false, reason: 'revoked' });
    expect(book.check(b.share.id, b.key).ok).toBe(true);
    expect(book.active('s1').map((s) => s.id)).toEqual([b.share.id]);
  });

  it('ends every share of a session that ended, and none of another session', () => {
    const { book } = withClock();
    const a = book.create('s1', 60 * MINUTE);
    const b = book.create('s1', 60 * MINUTE);
    const c = book.create('s2', 60 * MINUTE);
    expect(book.endSession('s1').map((s) => s.id).sort()).toEqual([a.share.id, b.share.id].sort());
    expect(book.check(a.share.id, a.key)).toMatchObject({ ok: false, reason: 'session_ended' });
    expect(book.check(c.share.id, c.key).ok).toBe(true);
    expect(book.endSession('s1')).toEqual([]);
  });

  it('forgets an ended share a day later, when it makes the next one: its link is then just wrong', () => {
    const { book, advance } = withClock();
    const { share, key } = book.create('s1', 15 * MINUTE);
    book.end('s1', share.id, 'revoked');
    advance(24 * 60 * MINUTE + 1);
    book.create('s1', 15 * MINUTE);
    expect(book.check(share.id, key)).toEqual({ ok: false, reason: 'wrong' });
  });
});
