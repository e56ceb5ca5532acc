// The page a browser without a session cookie sees: how to log in, and a form for the token.

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function renderLoginPage(problem?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Session Deck — log in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color-scheme:light dark}
input{width:100%;font:inherit;padding:.4rem}button{font:inherit;margin-top:.6rem;padding:.4rem 1rem}.problem{color:#c62828}</style>
</head><body>
<h1>Session Deck</h1>
${problem ? `<p class="problem" role="alert">${escapeHtml(problem)}</p>` : ''}
<p>Open the login link that <code>session-deck host</code> printed when it started, or paste the access token
(the contents of the host's token file).</p>
<form method="post" action="/login"><label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<button type="submit">Log in</button></form>
</body></html>`;
}
