// Single-use viewer tickets. Only a SHA-256 digest of each ticket is kept: the map lookup is keyed by
// the digest (its timing says nothing about the secret) and the final check is constant-time.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { BridgeTarget, TicketOptions } from './types';

export const TICKET_BYTES = 32;
/** base64url of 32 bytes, no padding. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface TicketGrant {
  sessionId: string;
  target: BridgeTarget;
  viewOnly: boolean;
  shared: boolean;
  security: 'bridge' | 'viewer';
  password: string | undefined;
  eagerHandshake: boolean;
  group: string | undefined;
}

interface StoredTicket extends TicketGrant {
  digest: Buffer;
  expiresAt: number;
}

export type RedeemResult =
  | { ok: true; grant: TicketGrant }
  | { ok: false; reason: 'unknown_ticket' | 'expired_ticket'; sessionId: string | null };

const digestOf = (ticket: string): Buffer => createHash('sha256').update(ticket, 'utf8').digest();
/** What a ticket is filed under wherever the bridge keeps something for it: its digest, never itself. */
export const ticketKey = (ticket: string): string => digestOf(ticket).toString('hex');

export class TicketBook {
  private readonly byDigest = new Map<string, StoredTicket>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(sessionId: string, target: BridgeTarget, options: TicketOptions = {}): string {
    this.purgeExpired();
    const ticket = randomBytes(TICKET_BYTES).toString('base64url');
    const digest = digestOf(ticket);
    this.byDigest.set(digest.toString('hex'), {
      sessionId,
      target: { ...target },
      viewOnly: options.viewOnly ?? false,
      shared: options.shared ?? false,
      security: options.security ?? 'bridge',
      password: options.password,
      eagerHandshake: options.eagerHandshake ?? false,
      group: options.group,
      digest,
      expiresAt: this.now() + this.ttlMs,
    });
    return ticket;
  }

  /** Consumes the ticket: a second redeem of the same ticket fails as unknown. */
  redeem(ticket: string): RedeemResult {
    const digest = digestOf(ticket);
    const key = digest.toString('hex');
    const stored = this.byDigest.get(key);
    if (!stored || !timingSafeEqual(stored.digest, digest)) {
      return { ok: false, reason: 'unknown_ticket', sessionId: null };
    }
    this.byDigest.delete(key);
    if (stored.expiresAt <= this.now()) {
      return { ok: false, reason: 'expired_ticket', sessionId: stored.sessionId };
    }
    const { sessionId, target, viewOnly, shared, security, password, eagerHandshake, group } = stored;
    return { ok: true, grant: { sessionId, target, viewOnly, shared, security, password, eagerHandshake, group } };
  }

  revokeSession(sessionId: string): void {
    for (const [key, stored] of this.byDigest) {
      if (stored.sessionId === sessionId) this.byDigest.delete(key);
    }
  }

  revokeGroup(group: string): void {
    for (const [key, stored] of this.byDigest) {
      if (stored.group === group) this.byDigest.delete(key);
    }
  }

  clear(): void {
    this.byDigest.clear();
  }

  get size(): number {
    return this.byDigest.size;
  }

  /** Expired tickets are dropped lazily so that an idle bridge runs no timers. */
  private purgeExpired(): void {
    const now = this.now();
    for (const [key, stored] of this.byDigest) {
      if (stored.expiresAt <= now) this.byDigest.delete(key);
    }
  }
}
