// The thumbnail service against a real Xvnc with VncAuth: it signs in with the session's password,
// shares the desktop with other viewers, draws what X shows, lets go when told, and does not retry a
// refused password (a server's blacklist counts failures).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectVnc } from '../vnc/vnc-socket';
import { rfbHandshake } from '../vnc/rfb-client';
import { startXvnc, type TestXvnc } from '../bridge/testing/xvnc';
import { decodePng } from './testing/read-png';
import { ThumbnailService } from './thumbnail-service';

const PASSWORD = 'thumbs';
const ORANGE = [0xff, 0x80, 0x00];

let xvnc: TestXvnc;
let painter: ChildProcess;
const target = () => ({ kind: 'tcp' as const, host: '127.0.0.1', port: xvnc.rfbPort });

/** Connections Xvnc has accepted on its RFB port, as the kernel sees them. */
async function serverConnections(): Promise<number> {
  const { stdout } = await promisify(execFile)('ss', ['-Htn', 'state', 'established', `( sport = :${xvnc.rfbPort} )`]);
  return stdout.split('\n').filter((line) => line.trim() !== '').length;
}

beforeAll(async () => {
  xvnc = await startXvnc('1280x800', { password: PASSWORD });
  // xterm's 40x10 cells (6x13 font) cover about 250x140 pixels of the top-left corner.
  painter = spawn('xterm', ['-display', `:${xvnc.display}`, '-geometry', '40x10+0+0', '-bg', '#ff8000', '-fg', '#ff8000'], { stdio: 'ignore' });
});

afterAll(async () => {
  if (painter?.exitCode === null) {
    painter.kill('SIGTERM');
    await new Promise((resolve) => painter.once('exit', resolve));
  }
  await xvnc?.stop();
});

describe('thumbnail service with a real Xvnc', () => {
  it('keeps a picture at least 200 px wide of what X shows, beside another viewer, and lets go when unwatched', async () => {
    const other = connectVnc(target());
    await rfbHandshake(other, PASSWORD);
    const service = new ThumbnailService({ intervalMs: 200 });
    try {
      service.watch('s1', target(), PASSWORD);
      const pixel = () => {
        const picture = service.thumbnail('s1');
        if (!picture) return null;
        const { width, rgb } = decodePng(picture.png);
        return [...rgb.subarray((10 * width + 10) * 3, (10 * width + 10) * 3 + 3)];
      };
      await expect.poll(pixel, { timeout: 20_000 }).toEqual(ORANGE);
      expect(service.thumbnail('s1')).toMatchObject({ width: 240, height: 150 });
      expect(decodePng(service.thumbnail('s1')!.png)).toMatchObject({ width: 240, height: 150 });
      // Shared: the viewer that was there first is still connected.
      expect(other.destroyed).toBe(false);
      expect(await serverConnections()).toBe(2);
      service.unwatch('s1');
      expect(service.thumbnail('s1')).toBeNull();
      await expect.poll(serverConnections, { timeout: 10_000 }).toBe(1);
    } finally {
      service.close();
      other.destroy();
    }
  });

  it('gives up on a refused password instead of trying again', async () => {
    const logs: string[] = [];
    const service = new ThumbnailService({ intervalMs: 50, log: (line) => logs.push(line) });
    try {
      service.watch('s2', target(), 'wrong-password');
      await expect.poll(() => logs, { timeout: 10_000 }).toEqual([expect.stringMatching(/^thumbnails of s2: sign-in failed: authentication failed: .*; not retried$/)]);
      expect(service.connected).toBe(0);
      expect(service.thumbnail('s2')).toBeNull();
    } finally {
      service.close();
    }
  });
});
