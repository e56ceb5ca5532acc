// Login codes are single-use and expire; the access token logs in through the form only.
import { describe, expect, it } from 'vitest';
import { AccessControl, LOGIN_CODE_TTL_MS, LOGIN_COOKIE_LIFETIME_MS } from './access-control';

const TOKEN = 'access-token-0123456789abcdef';

function withClock() {
  let now = Date.UTC(2026, 0, 1);
  const access = new AccessControl(TOKEN, { now: () => now });
  return { access, advance: (ms: number) => (now += ms) };
}

describe('access control', () => {
  it('takes a login code once, within its five minutes', () => {
    const { access, advance } = withClock();
    const code = access.newLoginCode();
    advance(LOGIN_CODE_TTL_MS);
    expect(access.redeemLoginCode(code)).toEqual({ session: expect.any(String) });
    expect(access.redeemLoginCode(code)).toEqual({ refused: 'used' });
  });

  it('says a code has expired once its time is up, and it stays refused', () => {
    const { access, advance } = withClock();
    const code = access.newLoginCode();
    advance(LOGIN_CODE_TTL_MS + 1);
    expect(access.redeemLoginCode(code)).toEqual({ refused: 'expired' });
    expect(access.redeemLoginCode(code)).toEqual({ refused: 'expired' });
  });

  it('never takes the access token as a login code, and names that mistake', () => {
    const { access } = withClock();
    access.newLoginCode();
    expect(access.redeemLoginCode(TOKEN)).toEqual({ refused: 'token_in_link' });
    expect(access.redeemLoginCode('x'.repeat(43))).toEqual({ refused: 'wrong' });
  });

  it('takes the access token from the login form, and no login code there', () => {
    const { access } = withClock();
    const code = access.newLoginCode();
    expect(access.loginWithToken(code)).toEqual({ refused: 'wrong_token' });
    const result = access.loginWithToken(TOKEN);
    expect(result).toEqual({ session: expect.any(String) });
    const session = (result as { session: string }).session;
    expect(access.isAuthenticated({ headers: { cookie: `other=1; session_deck=${session}` } } as never)).toBe(true);
    expect(access.isAuthenticated({ headers: { cookie: `session_deck=${code}` } } as never)).toBe(false);
    // The code still works as a link: the form did not use it up.
    expect(access.redeemLoginCode(code)).toEqual({ session: expect.any(String) });
  });

  it('tells an expired code from a wrong one even before anyone used it, and forgets it a day later', () => {
    const { access, advance } = withClock();
    const old = access.newLoginCode();
    advance(LOGIN_CODE_TTL_MS + 1);
    access.newLoginCode();
    expect(access.redeemLoginCode(old)).toEqual({ refused: 'expired' });
    const older = access.newLoginCode();
    advance(LOGIN_CODE_TTL_MS + 25 * 3600_000);
    access.newLoginCode();
    expect(access.redeemLoginCode(older)).toEqual({ refused: 'wrong' });
  });

  it('keeps a browser logged in across a restart: a new instance with the same key takes its cookie', () => {
    let now = Date.UTC(2026, 0, 1);
    const key = Buffer.alloc(32, 7);
    const before = new AccessControl(TOKEN, { cookieKey: key, now: () => now });
    const cookie = (before.loginWithToken(TOKEN) as { session: string }).session;
    const request = (value: string) => ({ headers: { cookie: `session_deck=${value}` } }) as never;
    const after = new AccessControl(TOKEN, { cookieKey: key, now: () => now });
    expect(after.isAuthenticated(request(cookie))).toBe(true);
    // Another key (the file replaced) logs every browser out; so does a changed byte or the lifetime's end.
    expect(new AccessControl(TOKEN, { cookieKey: Buffer.alloc(32, 8), now: () => now }).isAuthenticated(request(cookie))).toBe(false);
    const tampered = cookie.replace(/^v1\.([0-9a-z]+)/, (_, issued: string) => `v1.${(parseInt(issued, 36) + 1).toString(36)}`);
    expect(after.isAuthenticated(request(tampered))).toBe(false);
    now += LOGIN_COOKIE_LIFETIME_MS - 1;
    expect(after.isAuthenticated(request(cookie))).toBe(true);
    now += 1;
    expect(after.isAuthenticated(request(cookie))).toBe(false);
    expect(before.cookieHeader(cookie)).toContain(`Max-Age=${LOGIN_COOKIE_LIFETIME_MS / 1000}`);
  });

  it('refuses a signing key shorter than 32 bytes', () => {
    expect(() => new AccessControl(TOKEN, { cookieKey: Buffer.alloc(16) })).toThrow('at least 32 bytes');
  });
});

describe('kiosk scope', () => {
  it('the kiosk cookie marks a kiosk page and grants nothing more; a granted session is full access', () => {
    const access = new AccessControl('t'.repeat(32));
    const kioskCookie = access.kioskCookieHeader().split(';')[0]!;
    expect(access.kioskCookieHeader()).toMatch(/^session_deck_kiosk=[\w-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(access.scopeOf({ headers: { cookie: kioskCookie } } as never)).toBe('kiosk');
    expect(access.isAuthenticated({ headers: { cookie: kioskCookie } } as never)).toBe(false);
    expect(access.scopeOf({ headers: { cookie: 'session_deck_kiosk=guess' } } as never)).toBeUndefined();
    const granted = access.grantBrowserSession().split(';')[0]!;
    expect(access.scopeOf({ headers: { cookie: granted } } as never)).toBe('full');
  });
});
