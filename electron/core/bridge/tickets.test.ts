import { describe, expect, it } from 'vitest';
import { TICKET_PATTERN, TicketBook } from './tickets';

const target = { host: '127.0.0.1', port: 5901 };

describe('TicketBook', () => {
  it('issues 256-bit base64url tickets that are single-use', () => {
    const book = new TicketBook(60_000);
    const ticket = book.issue('s1', target, { viewOnly: true, password: 'pw' });
    expect(ticket).toMatch(TICKET_PATTERN);
    expect(Buffer.from(ticket, 'base64url')).toHaveLength(32);
    expect(book.redeem(ticket)).toEqual({ ok: true, grant: { sessionId: 's1', target, viewOnly: true, shared: false, security: 'bridge', password: 'pw', eagerHandshake: false } });
    expect(book.redeem(ticket)).toEqual({ ok: false, reason: 'unknown_ticket', sessionId: null });
  });

  it('never issues the same ticket twice', () => {
    const book = new TicketBook(60_000);
    const seen = new Set(Array.from({ length: 1000 }, () => book.issue('s1', target)));
    expect(seen.size).toBe(1000);
  });

  it('expires tickets after the TTL', () => {
    let now = 1_000;
    const book = new TicketBook(500, () => now);
    const ticket = book.issue('s1', target);
    now = 1_500;
    expect(book.redeem(ticket)).toEqual({ ok: false, reason: 'expired_ticket', sessionId: 's1' });
  });

  it('revokes every ticket of one session only', () => {
    const book = new TicketBook(60_000);
    const a = book.issue('s1', target);
    const b = book.issue('s1', target);
    const c = book.issue('s2', target);
    book.revokeSession('s1');
    expect(book.redeem(a).ok).toBe(false);
    expect(book.redeem(b).ok).toBe(false);
    expect(book.redeem(c).ok).toBe(true);
  });

  it('keeps the issued target, not a reference the caller may change', () => {
    const book = new TicketBook(60_000);
    const mutable = { host: '127.0.0.1', port: 5901 };
    const ticket = book.issue('s1', mutable);
    mutable.port = 22;
    const result = book.redeem(ticket);
    expect(result.ok && result.grant.target).toEqual({ host: '127.0.0.1', port: 5901 });
  });
});
