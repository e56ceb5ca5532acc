// The share links of running sessions. A share is an id (public, in the link's path) and a key (in
// its fragment); only a SHA-256 digest of the key is kept and the key is compared in constant time,
// so neither this memory nor a timing tells it. A share works until it expires, is revoked or its
// session ends; afterwards it is remembered for a day, to tell its receiver which of these happened.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SHARE_ID_PATTERN, type ShareRefusal } from '../../shared/share';

/** Ended shares are remembered this long after they ended (to say why a link no longer opens). */
const ENDED_MEMORY_MS = 24 * 3600_000;

export type ShareEnd = Exclude<ShareRefusal, 'wrong'>;

export interface Share {
  id: string;
  sessionId: string;
  createdAt: number;
  expiresAt: number;
  /** Set once it no longer opens. */
  ended?: { reason: ShareEnd; at: number };
}

interface StoredShare extends Share {
  keyDigest: Buffer;
}

export type ShareCheck = { ok: true; share: Share } | { ok: false; reason: ShareRefusal; share?: Share };

const digestOf = (key: string): Buffer => createHash('sha256').update(key, 'utf8').digest();
const NO_DIGEST = Buffer.alloc(32);
const publicShare = ({ keyDigest: _, ...share }: StoredShare): Share => ({ ...share, ...(share.ended ? { ended: { ...share.ended } } : {}) });

export class ShareBook {
  private readonly shares = new Map<string, StoredShare>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new share of the session for `lifetimeMs`; the key is returned once and never kept. */
  create(sessionId: string, lifetimeMs: number): { share: Share; key: string } {
    this.forgetOld();
    const id = randomBytes(16).toString('base64url');
    const key = randomBytes(32).toString('base64url');
    const createdAt = this.now();
    const stored: StoredShare = { id, sessionId, createdAt, expiresAt: createdAt + lifetimeMs, keyDigest: digestOf(key) };
    this.shares.set(id, stored);
    return { share: publicShare(stored), key };
  }

  /** Whether the link (id and key) opens now, and if not, why. A wrong key learns nothing else. */
  check(id: string, key: string): ShareCheck {
    const stored = SHARE_ID_PATTERN.test(id) ? this.shares.get(id) : undefined;
    // Compared for an unknown id too, so the answer's timing does not tell ids that exist.
    const keyMatches = timingSafeEqual(stored?.keyDigest ?? NO_DIGEST, digestOf(key));
    if (!stored || !keyMatches) return { ok: false, reason: 'wrong' };
    const ended = this.endReason(stored);
    return ended ? { ok: false, reason: ended, share: publicShare(stored) } : { ok: true, share: publicShare(stored) };
  }

  /** The session's shares that still open, oldest first. */
  active(sessionId: string): Share[] {
    return [...this.shares.values()].filter((share) => share.sessionId === sessionId && !this.endReason(share)).map(publicShare);
  }

  get(id: string): Share | undefined {
    const stored = this.shares.get(id);
    return stored ? publicShare(stored) : undefined;
  }

  /** Ends one share; undefined if it is not an active share of that session. */
  end(sessionId: string, id: string, reason: ShareEnd): Share | undefined {
    const stored = this.shares.get(id);
    if (!stored || stored.sessionId !== sessionId || this.endReason(stored)) return undefined;
    stored.ended = { reason, at: this.now() };
    return publicShare(stored);
  }

  /** Ends every active share of the session (it ended). */
  endSession(sessionId: string): Share[] {
    return this.active(sessionId).flatMap((share) => this.end(sessionId, share.id, 'session_ended') ?? []);
  }

  /** Marks shares whose time is up as expired, and returns them (each once). */
  expireDue(): Share[] {
    const now = this.now();
    const expired: Share[] = [];
    for (const stored of this.shares.values()) {
      if (!stored.ended && stored.expiresAt <= now) {
        stored.ended = { reason: 'expired', at: stored.expiresAt };
        expired.push(publicShare(stored));
      }
    }
    return expired;
  }

  /** Why a share no longer opens (its time may be up before expireDue() marked it). */
  private endReason(stored: StoredShare): ShareEnd | undefined {
    return stored.ended?.reason ?? (stored.expiresAt <= this.now() ? 'expired' : undefined);
  }

  private forgetOld(): void {
    const now = this.now();
    for (const [id, stored] of this.shares) if (stored.ended && stored.ended.at + ENDED_MEMORY_MS < now) this.shares.delete(id);
  }
}
