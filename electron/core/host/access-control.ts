// Who may use the headless host: a bearer token (automation), or a browser cookie obtained once
// through a single-use login link (so the long-lived token never sits in a page's URL or history).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'session_deck';

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

export class AccessControl {
  private readonly loginCodes = new Set<string>();
  private readonly browserSessions = new Set<string>();

  constructor(private readonly token: string) {
    if (token.length < 16) throw new Error('the access token must have at least 16 characters');
  }

  /** A fresh single-use code for a login link. */
  newLoginCode(): string {
    const code = randomSecret();
    this.loginCodes.add(code);
    return code;
  }

  /** Exchanges a login code (single use) or the token itself for a browser session cookie value. */
  login(credential: string): string | undefined {
    const usedCode = [...this.loginCodes].find((code) => safeEqual(code, credential));
    if (usedCode) this.loginCodes.delete(usedCode);
    else if (!safeEqual(this.token, credential)) return undefined;
    const session = randomSecret();
    this.browserSessions.add(session);
    return session;
  }

  cookieHeader(session: string): string {
    return `${COOKIE_NAME}=${session}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** A request is authenticated by `Authorization: Bearer <token>` or by a cookie from login(). */
  isAuthenticated(request: IncomingMessage): boolean {
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) return safeEqual(authorization.slice(7).trim(), this.token);
    const cookie = cookieValue(request, COOKIE_NAME);
    return cookie !== undefined && [...this.browserSessions].some((session) => safeEqual(session, cookie));
  }
}
