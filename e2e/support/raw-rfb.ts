// Input that a client sends whatever its UI says: raw RFB messages written into the page's own
// noVNC WebSocket, and the X pointer read back from the session's display. They show what the
// bridge lets through, independent of noVNC's viewOnly flag.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from '@playwright/test';

type SocketLog = { __deckSockets?: WebSocket[] };

/** Before any page script runs: keeps every WebSocket the page sends on (noVNC's among them). */
export async function recordWebSockets(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const log: WebSocket[] = [];
    (window as unknown as SocketLog).__deckSockets = log;
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (this: WebSocket, data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (!log.includes(this)) log.push(this);
      send.call(this, data);
    };
  });
}

/** Writes bytes into the newest open viewer socket of the page, as one WebSocket message. */
export async function sendRaw(page: Page, bytes: number[]): Promise<void> {
  await page.evaluate((data) => {
    const sockets = (window as unknown as SocketLog).__deckSockets ?? [];
    const socket = sockets.filter((s) => s.readyState === WebSocket.OPEN && s.url.includes('/vnc/')).at(-1);
    if (!socket) throw new Error(`no open viewer socket among ${sockets.length}`);
    socket.send(new Uint8Array(data));
  }, bytes);
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const RETURN = 0xff0d;

/** An RFB PointerEvent (type 5): moves the pointer to (x, y) with no button pressed. */
export const pointerTo = (x: number, y: number): number[] => [5, 0, ...u16(x), ...u16(y)];

/** RFB KeyEvents (type 4) typing `text` (ASCII: keysym = code) and Return, down then up. */
export function typed(text: string): number[] {
  const keysyms = [...text].map((c) => c.charCodeAt(0)).concat(RETURN);
  return keysyms.flatMap((keysym) => [4, 1, 0, 0, ...u32(keysym), 4, 0, 0, 0, ...u32(keysym)]);
}

/** The X pointer of a running session, read with xdotool through the session's X authority. */
export async function sessionPointer(dataDir: string, sessionId: string, display: number): Promise<{ x: number; y: number }> {
  const { stdout } = await promisify(execFile)('xdotool', ['getmouselocation'], {
    env: { PATH: '/usr/bin:/bin', DISPLAY: `:${display}`, XAUTHORITY: join(dataDir, 'sessions', sessionId, 'Xauthority') },
  });
  const match = /x:(\d+) y:(\d+)/.exec(stdout);
  if (!match) throw new Error(`xdotool getmouselocation: unexpected output ${JSON.stringify(stdout)}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}
