// The renderer's Content-Security-Policy, written once: the headless host and the Electron window's
// loopback server both send it with index.html. No inline script or style, no eval; data: and
// blob: images are noVNC's cursor and JPEG tiles; connect-src names the loopback bridge the viewer
// opens ('self' covers the host's API and its event stream).

const DIRECTIVES = (bridgeOrigin: string): [string, string][] => [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', bridgeOrigin ? `'self' ${bridgeOrigin}` : "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['object-src', "'none'"],
  ['frame-ancestors', "'none'"],
];

/** The policy for the renderer's pages, allowing WebSockets to the bridge at bridgeOrigin only. */
export const rendererContentSecurityPolicy = (bridgeOrigin: string): string =>
  DIRECTIVES(bridgeOrigin)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');

/** The host's login page: its own inline style, a form posting back to the host, nothing else. */
export const LOGIN_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
