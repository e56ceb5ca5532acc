// The page a browser without a session cookie sees: how to log in, and a form for the token.
import type { LoginRefusal } from './access-control';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const minutes = (ms: number): string => `${Math.round(ms / 60_000)} minute${Math.round(ms / 60_000) === 1 ? '' : 's'}`;

/** Why a login was refused, in the user's terms. */
export function loginProblem(refused: LoginRefusal, linkTtlMs: number): string {
  switch (refused) {
    case 'used':
      return 'That login link was already used: a link works once. If this browser opened it before, it is still logged in: open the host\'s address without the code. Otherwise paste the access token.';
    case 'expired':
      return `That login link has expired: a link works for ${minutes(linkTtlMs)} after the host made it. Paste the access token instead.`;
    case 'wrong':
      return 'That login link is wrong: this host never made it (it may be cut short, or from before the host restarted). Paste the access token instead.';
    case 'token_in_link':
      return 'The access token does not work in a link (a link stays in the address bar and the history). Paste it into the form instead.';
    case 'wrong_token':
      return 'That is not the access token. It is the whole contents of the host\'s token file.';
  }
}

export function renderLoginPage({ problem, linkTtlMs }: { problem?: string; linkTtlMs: number }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Session Deck — log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color-scheme:light dark}
input{width:100%;font:inherit;padding:.4rem}button{font:inherit;margin-top:.6rem;padding:.4rem 1rem}.problem{color:#c62828}</style>
</head><body>
<h1>Session Deck</h1>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>Open the login link that <code>session-deck host</code> printed (it works once, within ${minutes(linkTtlMs)}), or paste the
access token (the contents of the host's token file).</p>
<form method="post" action="/login"><label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Log in</button></form>
</body></html>`;
}
