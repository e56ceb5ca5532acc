// Serves the built renderer. Only files inside the root are served; pages get the CSP header.
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export const KIOSK_PAGE_PATH = '/kiosk';

/** Resolves a URL path to a file under root, or undefined if it would escape root. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  // The kiosk view is a route of the same page.
  const relative = decoded === '/' || decoded === KIOSK_PAGE_PATH ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = normalize(join(root, relative));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : undefined;
}

export async function serveStatic(root: string, urlPath: string, response: ServerResponse, csp: string): Promise<boolean> {
  const path = resolveStaticPath(root, urlPath);
  if (!path) return false;
  try {
    if (!(await stat(path)).isFile()) return false;
  } catch {
    return false;
  }
  const body = await readFile(path);
  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'X-Content-Type-Options': 'nosniff',
    // Pages always fresh (they name the current build's assets); the assets may be cached.
    'Cache-Control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=3600',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' } : {}),
  });
  response.end(body);
  return true;
}
