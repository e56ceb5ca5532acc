// Who may use the headless host: a bearer token (automation), or a browser cookie obtained through
// a login link or the login form. The link carries a login code of its own, single-use and
// short-lived, never the long-lived token: a URL stays in the address bar, the history and the
// browser's command line, so what it carries must be worthless soon after.
//
// The cookie is signed (HMAC-SHA256) with a key the caller keeps in the data directory, so it holds
// nothing secret and no server-side state: a browser stays logged in when the host restarts, until
// the cookie's lifetime is over or the key is replaced.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'session_deck';
/** A kiosk page's cookie: it reaches the kiosk's own methods only (see HostServer). */
export const KIOSK_COOKIE_NAME = 'session_deck_kiosk';
/** How long a login link works after it was made. */
export const LOGIN_CODE_TTL_MS = 5 * 60_000;
/** How long a browser stays logged in. */
export const LOGIN_COOKIE_LIFETIME_MS = 30 * 24 * 3600_000;
/** Used and expired codes are kept this long to tell "used" and "expired" from "wrong", then forgotten. */
const SPENT_CODE_MEMORY_MS = 24 * 3600_000;
/** The smallest signing key accepted (bytes). */
export const MIN_COOKIE_KEY_BYTES = 32;
const COOKIE_VERSION = 'v1';

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
  /** Signs the login cookies; kept by the caller so logins outlive the process (default: a fresh one). */
  cookieKey?: Buffer;
  /** How long a login cookie works (default 30 days). */
  cookieLifetimeMs?: number;
  now?: () => number;
}

export type LoginRefusal = 'wrong' | 'used' | 'expired' | 'token_in_link' | 'wrong_token';
/** What a request may do: everything, or only the kiosk's methods. */
export type AccessScope = 'full' | 'kiosk';

/** A browser session's cookie value, or why the credential was refused. */
export type LoginResult = { session: string } | { refused: LoginRefusal };

export class AccessControl {
  /** Login codes not used yet, and when each stops working. */
  private readonly loginCodes = new Map<string, number>();
  /** Codes used or expired, and when to forget them. */
  private readonly spentCodes = new Map<string, { why: 'used' | 'expired'; forgetAt: number }>();
  private readonly cookieKey: Buffer;
  /** One per host run: anyone who may open the kiosk page gets it, so it only marks kiosk pages, it grants nothing else. */
  private readonly kioskSession = randomSecret();
  readonly loginCodeTtlMs: number;
  readonly cookieLifetimeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly token: string,
    options: AccessControlOptions = {},
  ) {
    if (token.length < 16) throw new Error('the access token must have at least 16 characters');
    this.cookieKey = options.cookieKey ?? randomBytes(MIN_COOKIE_KEY_BYTES);
    if (this.cookieKey.length < MIN_COOKIE_KEY_BYTES) throw new Error(`the cookie signing key must have at least ${MIN_COOKIE_KEY_BYTES} bytes`);
    this.loginCodeTtlMs = options.loginCodeTtlMs ?? LOGIN_CODE_TTL_MS;
    this.cookieLifetimeMs = options.cookieLifetimeMs ?? LOGIN_COOKIE_LIFETIME_MS;
    this.now = options.now ?? Date.now;
  }

  /** A fresh single-use code for a login link, working for loginCodeTtlMs. */
  newLoginCode(): string {
    const now = this.now();
    for (const [code, expiresAt] of this.loginCodes) {
      if (expiresAt < now) {
        this.loginCodes.delete(code);
        this.spentCodes.set(code, { why: 'expired', forgetAt: expiresAt + SPENT_CODE_MEMORY_MS });
      }
    }
    for (const [code, { forgetAt }] of this.spentCodes) if (forgetAt < now) this.spentCodes.delete(code);
    const code = randomSecret();
    this.loginCodes.set(code, now + this.loginCodeTtlMs);
    return code;
  }

  /** Exchanges a login link's code, once and before it expires, for a browser session. */
  redeemLoginCode(code: string): LoginResult {
    const now = this.now();
    const match = [...this.loginCodes].find(([known]) => safeEqual(known, code));
    if (!match) {
      const spent = [...this.spentCodes].find(([known]) => safeEqual(known, code));
      if (spent) return { refused: spent[1].why };
      return { refused: safeEqual(this.token, code) ? 'token_in_link' : 'wrong' };
    }
    const [known, expiresAt] = match;
    this.loginCodes.delete(known);
    const why = expiresAt < now ? 'expired' : 'used';
    this.spentCodes.set(known, { why, forgetAt: now + SPENT_CODE_MEMORY_MS });
    return why === 'expired' ? { refused: 'expired' } : { session: this.newSession() };
  }

  /** Exchanges the access token (from the login form) for a browser session. */
  loginWithToken(token: string): LoginResult {
    return safeEqual(this.token, token) ? { session: this.newSession() } : { refused: 'wrong_token' };
  }

  cookieHeader(session: string): string {
    return `${COOKIE_NAME}=${session}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(this.cookieLifetimeMs / 1000)}`;
  }

  /** A request is authenticated by `Authorization: Bearer <token>` or by a cookie from a login. */
  isAuthenticated(request: IncomingMessage): boolean {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) return safeEqual(authorization.slice(7).trim(), this.token);
    const cookie = cookieValue(request, COOKIE_NAME);
    return cookie !== undefined && this.isValidSession(cookie);
  }

  /** Full access (token or login cookie), the kiosk's (its cookie), or none. */
  scopeOf(request: IncomingMessage): AccessScope | undefined {
    if (this.isAuthenticated(request)) return 'full';
    const kiosk = cookieValue(request, KIOSK_COOKIE_NAME);
    return kiosk !== undefined && safeEqual(kiosk, this.kioskSession) ? 'kiosk' : undefined;
  }

  kioskCookieHeader(): string {
    return `${KIOSK_COOKIE_NAME}=${this.kioskSession}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** A fresh browser session for an administrator who gave the kiosk's PIN: its cookie header. */
  grantBrowserSession(): string {
    return this.cookieHeader(this.newSession());
  }

  /** `v1.<issued at, base 36>.<random>.<signature>`: signed, and within its lifetime. */
  private isValidSession(cookie: string): boolean {
    const parts = cookie.split('.');
    if (parts.length !== 4 || parts[0] !== COOKIE_VERSION) return false;
    const [, issued = '', nonce = '', signature = ''] = parts;
    if (!safeEqual(this.sign(`${COOKIE_VERSION}.${issued}.${nonce}`), signature)) return false;
    const issuedAt = parseInt(issued, 36);
    const now = this.now();
    return Number.isSafeInteger(issuedAt) && issuedAt <= now + 60_000 && now < issuedAt + this.cookieLifetimeMs;
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.cookieKey).update(payload).digest('base64url');
  }

  private newSession(): string {
    const payload = `${COOKIE_VERSION}.${this.now().toString(36)}.${randomBytes(16).toString('base64url')}`;
    return `${payload}.${this.sign(payload)}`;
  }
}
