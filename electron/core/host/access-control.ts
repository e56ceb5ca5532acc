// Who may use the headless host: a bearer token (automation), or a browser cookie obtained through
// a login link or the login form. The link carries a login code of its own, single-use and
// short-lived, never the long-lived token: a URL stays in the address bar, the history and the
// browser's command line, so what it carries must be worthless soon after.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'session_deck';
/** How long a login link works after it was made. */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;
/** Expired codes are kept this long to tell "expired" from "wrong", then forgotten. */
const EXPIRED_CODE_MEMORY_MS = 24 * 3600_000;

const randomSecret = (): string => randomBytes(32).toString('base64url');

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

export interface AccessControlOptions {
  /** How long a login code works (default 5 minutes). */
  loginCodeTtlMs?: number;
  now?: () => number;
}

/** A browser session's cookie value, or why the credential was refused. */
export type LoginResult = { session: string } | { refused: 'unknown' | 'expired' | 'token_in_link' | 'wrong_token' };

export class AccessControl {
  /** Login codes and when each stops working. */
  private readonly loginCodes = new Map<string, number>();
  private readonly browserSessions = new Set<string>();
  readonly loginCodeTtlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly token: string,
    options: AccessControlOptions = {},
  ) {
    if (token.length < 16) throw new Error('the access token must have at least 16 characters');
    this.loginCodeTtlMs = options.loginCodeTtlMs ?? LOGIN_CODE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** A fresh single-use code for a login link, working for loginCodeTtlMs. */
  newLoginCode(): string {
    const now = this.now();
    for (const [code, expiresAt] of this.loginCodes) if (expiresAt + EXPIRED_CODE_MEMORY_MS < now) this.loginCodes.delete(code);
    const code = randomSecret();
    this.loginCodes.set(code, now + this.loginCodeTtlMs);
    return code;
  }

  /** Exchanges a login link's code, once and before it expires, for a browser session. */
  redeemLoginCode(code: string): LoginResult {
    const match = [...this.loginCodes].find(([known]) => safeEqual(known, code));
    if (!match) return { refused: safeEqual(this.token, code) ? 'token_in_link' : 'unknown' };
    this.loginCodes.delete(match[0]);
    return match[1] < this.now() ? { refused: 'expired' } : { session: this.newSession() };
  }

  /** Exchanges the access token (from the login form) for a browser session. */
  loginWithToken(token: string): LoginResult {
    return safeEqual(this.token, token) ? { session: this.newSession() } : { refused: 'wrong_token' };
  }

  cookieHeader(session: string): string {
    return `${COOKIE_NAME}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** A request is authenticated by `Authorization: Bearer <token>` or by a cookie from a login. */
  isAuthenticated(request: IncomingMessage): boolean {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) return safeEqual(authorization.slice(7).trim(), this.token);
    const cookie = cookieValue(request, COOKIE_NAME);
    return cookie !== undefined && [...this.browserSessions].some((session) => safeEqual(session, cookie));
  }

  private newSession(): string {
    const session = randomSecret();
    this.browserSessions.add(session);
    return session;
  }
}
