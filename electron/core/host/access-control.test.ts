// Login codes are single-use and expire; the access token logs in through the form only.
import { describe, expect, it } from 'vitest';
import { AccessControl, LOGIN_CODE_TTL_MS } from './access-control';

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
    expect(access.redeemLoginCode(code)).toEqual({ refused: 'unknown' });
  });

  it('says a code has expired once its time is up, and it stays refused', () => {
    const { access, advance } = withClock();
    const code = access.newLoginCode();
    advance(LOGIN_CODE_TTL_MS + 1);
    expect(access.redeemLoginCode(code)).toEqual({ refused: 'expired' });
    expect(access.redeemLoginCode(code)).toEqual({ refused: 'unknown' });
  });

  it('never takes the access token as a login code, and names that mistake', () => {
    const { access } = withClock();
    access.newLoginCode();
    expect(access.redeemLoginCode(TOKEN)).toEqual({ refused: 'token_in_link' });
    expect(access.redeemLoginCode('x'.repeat(43))).toEqual({ refused: 'unknown' });
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

  it('forgets expired codes a day later, when it makes the next one', () => {
    const { access, advance } = withClock();
    const old = access.newLoginCode();
    advance(LOGIN_CODE_TTL_MS + 25 * 3600_000);
    access.newLoginCode();
    expect(access.redeemLoginCode(old)).toEqual({ refused: 'unknown' });
  });
});
