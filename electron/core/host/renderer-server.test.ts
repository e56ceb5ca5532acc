import { mkdir, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rendererContentSecurityPolicy } from '../../shared/csp';
import { makeTempDir } from '../testing/fixtures';
import { startRendererServer } from './renderer-server';

describe('renderer server for the Electron window', () => {
  it('serves the renderer on loopback with the CSP naming the bridge, and only that', async () => {
    const dir = await makeTempDir('deck-renderer');
    await mkdir(join(dir.path, 'assets'));
    await writeFile(join(dir.path, 'index.html'), '<!doctype html><title>deck</title>');
    await writeFile(join(dir.path, 'assets', 'app.js'), 'console.log(1)');
    const server = await startRendererServer(dir.path);
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      server.setBridgeOrigin('ws://127.0.0.1:6123');
      const page = await fetch(`${server.origin}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(rendererContentSecurityPolicy('ws://127.0.0.1:6123'));
      expect((await fetch(`${server.origin}/assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
      expect((await fetch(`${server.origin}/api/types`)).status).toBe(404);
      expect((await fetch(`${server.origin}/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
      expect((await fetch(`${server.origin}/`, { method: 'POST' })).status).toBe(405);
      // Another name for 127.0.0.1 (DNS rebinding) is refused.
      const port = new URL(server.origin).port;
      const response = await new Promise<number | undefined>((resolve, reject) => {
        get({ host: '127.0.0.1', port, path: '/', headers: { Host: `attacker.example:${port}` } }, (answer) => resolve(answer.resume().statusCode)).on('error', reject);
      });
      expect(response).toBe(421);
    } finally {
      await server.close();
      await dir.remove();
    }
  });
});
