// Thumbnail benchmark: what the engine's thumbnails cost for 10 running sessions. Ten real Xvnc
// (1280x800, VncAuth) with the benchmark's X client painting into them; the engine's
// ThumbnailService in this process takes their pictures at its default rate, and a poller asks
// for every session's picture as often as the session cards do. Two phases: still desktops, then
// each desktop changing all the time (a 320x200 rectangle repainted every 2 ms, so every picture
// must be scaled and encoded anew), and the same without the service, for Xvnc's own cost. Figures: this process's CPU (the service's connections,
// framebuffer copies, scaling and PNG encoding) as a share of one core, and the Xvnc servers' CPU.
// Usage: npm run bench:thumbnails [-- --quick]
import { cpus, loadavg } from 'node:os';
import { THUMBNAIL_DEFAULTS, ThumbnailService } from '../electron/core/thumbnails';
import { THUMBNAIL_REFRESH_MS } from '../renderer/src/components/useServedThumbnails';
import { startDesktop, type DesktopServer } from './lib/desktop-server';
import { cpuSeconds } from './lib/proc-stats';

const quick = process.argv.includes('--quick');
const SESSIONS = 10;
const PHASE_MS = quick ? 12_000 : 45_000;
const loadNow = () => loadavg().map((n) => n.toFixed(2)).join(' ');

interface Phase {
  name: string;
  ownCpu: number;
  xvncCpu: number;
  seconds: number;
  pictures: number;
  changed: number;
  bytes: number;
}

async function measure(name: string, desktops: DesktopServer[], service: ThumbnailService): Promise<Phase> {
  const ids = desktops.map((_, i) => `bench-${i}`);
  const lastTaken = new Map<string, number>();
  let pictures = 0;
  let changed = 0;
  let bytes = 0;
  const poll = () => {
    for (const id of ids) {
      const picture = service.thumbnail(id);
      if (!picture) continue;
      pictures += 1;
      bytes += picture.png.length;
      if (lastTaken.get(id) !== picture.takenAt) changed += 1;
      lastTaken.set(id, picture.takenAt);
    }
  };
  const own0 = process.cpuUsage();
  const xvnc0 = desktops.reduce((sum, desktop) => sum + cpuSeconds(desktop.pid), 0);
  const t0 = process.hrtime.bigint();
  const poller = setInterval(poll, THUMBNAIL_REFRESH_MS);
  await new Promise((resolve) => setTimeout(resolve, PHASE_MS));
  clearInterval(poller);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const own = process.cpuUsage(own0);
  const xvnc = desktops.reduce((sum, desktop) => sum + cpuSeconds(desktop.pid), 0) - xvnc0;
  return { name, ownCpu: (own.user + own.system) / 1e6, xvncCpu: xvnc, seconds, pictures, changed, bytes };
}

async function main(): Promise<void> {
  const load0 = loadNow();
  const desktops: DesktopServer[] = [];
  const service = new ThumbnailService();
  try {
    for (let i = 0; i < SESSIONS; i += 1) desktops.push(await startDesktop('1280x800'));
    for (const desktop of desktops) await desktop.paint(['key', '40', '40', '200']);
    desktops.forEach((desktop, i) => service.watch(`bench-${i}`, { kind: 'tcp', host: '127.0.0.1', port: desktop.port }, desktop.password));
    // Every session has its first picture before anything is measured.
    while (desktops.some((_, i) => service.thumbnail(`bench-${i}`) === null)) await new Promise((resolve) => setTimeout(resolve, 100));
    const still = await measure('still desktops', desktops, service);
    for (const desktop of desktops) await desktop.paint(['animate', '400', '300', '320', '200']);
    const changing = await measure('changing desktops', desktops, service);
    // The same desktops with no thumbnail connection: what Xvnc spends on the painting alone.
    service.close();
    const alone = await measure('changing, no thumbnails', desktops, service);

    const pct = (cpu: number, s: number) => `${((100 * cpu) / s).toFixed(2)} %`;
    console.log(`thumbnail benchmark${quick ? ' (quick)' : ''}: ${SESSIONS} Xvnc 1280x800, pictures ${THUMBNAIL_DEFAULTS.width} px wide, updates every ${THUMBNAIL_DEFAULTS.intervalMs} ms, polled every ${THUMBNAIL_REFRESH_MS} ms\n`);
    const rows = [
      ['', 'seconds', 'engine CPU (of one core)', 'Xvnc CPU, all 10 (of one core)', 'pictures polled', 'new pictures', 'PNG KiB avg'],
      ...[still, changing, alone].map((p) => [p.name, p.seconds.toFixed(1), pct(p.ownCpu, p.seconds), pct(p.xvncCpu, p.seconds), String(p.pictures), String(p.changed), (p.bytes / Math.max(1, p.pictures) / 1024).toFixed(1)]),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
    console.log(`\nmachine: ${cpus().length} CPUs, load average at start ${load0}, at end ${loadNow()}`);
    const xvncExtra = changing.xvncCpu / changing.seconds - alone.xvncCpu / alone.seconds;
    console.log(`thumbnails: ${SESSIONS} sessions, engine CPU still ${pct(still.ownCpu, still.seconds)}, changing ${pct(changing.ownCpu, changing.seconds)} of one core; Xvnc extra while changing ${(100 * xvncExtra).toFixed(2)} %`);
  } finally {
    service.close();
    await Promise.all(desktops.map((desktop) => desktop.stop()));
  }
}

await main();
