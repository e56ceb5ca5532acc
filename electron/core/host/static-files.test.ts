import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy } from '../../shared/csp';
import { resolveStaticPath } from './static-files';

const directives = (policy: string): Record<string, string> =>
  Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values.join(' ')]),
  );

describe('static files and their policy', () => {
  it('is the one policy: a CSP the renderer page states itself may only repeat it', async () => {
    const html = await readFile(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
    if (meta === undefined) return; // the header alone states it
    // A meta tag cannot name the bridge's port (known only at run time) nor carry frame-ancestors.
    const { 'frame-ancestors': _ignored, ...expected } = directives(rendererContentSecurityPolicy('ws://127.0.0.1:*'));
    expect(directives(meta)).toEqual(expected);
  });

  it('is strict: nothing inline, nothing but the bridge to connect to, no framing', () => {
    const policy = directives(rendererContentSecurityPolicy('ws://127.0.0.1:6123'));
    expect(policy).toMatchObject({ 'default-src': "'none'", 'script-src': "'self'", 'style-src': "'self'", 'frame-ancestors': "'none'" });
    expect(policy['connect-src']).toBe("'self' ws://127.0.0.1:6123");
    expect(Object.values(policy).join(' ')).not.toMatch(/unsafe/);
  });

  it('serves only paths inside the root', () => {
    expect(resolveStaticPath('/srv/ui', '/')).toBe('/srv/ui/index.html');
    expect(resolveStaticPath('/srv/ui', '/assets/app.js')).toBe('/srv/ui/assets/app.js');
    expect(resolveStaticPath('/srv/ui', '/../etc/passwd')).toBeUndefined();
    expect(resolveStaticPath('/srv/ui', '/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveStaticPath('/srv/ui', '/a%00b')).toBeUndefined();
  });
});
