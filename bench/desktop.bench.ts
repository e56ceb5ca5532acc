// Desktop benchmark: what a user feels, on a real Xvnc. A headless RFB viewer (bench/lib/rfb-viewer.ts,
// in this process, so one clock) connects three ways, interleaved block by block: directly to the
// VNC port (the limit), through Session Deck's bridge (with a ticket; the bridge answers VncAuth
// itself where it can) and through Debian's websockify.
// - input-to-pixel: KeyEvent sent -> first update whose probe pixel has the square's new colour;
// - frames per second and bytes per second while a rectangle is repainted every 2 ms;
// - relay CPU per 1,000 frames (from /proc, the relay's whole process tree).
// Usage: npm run bench:desktop [-- --quick] [-- --requests]
import { cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { startDesktop, type DesktopServer } from './lib/desktop-server';
import { openLeanWebSocket } from './lib/lean-ws-client';
import { paintColour } from './lib/paint-colour';
import { openTcp, type BenchPath } from './lib/paths';
import { cpuSeconds } from './lib/proc-stats';
import { startBridgeProcess, startWebsockify, stopChildren, stopOnSignals } from './lib/relays';
import { startViewer, type RfbViewer } from './lib/rfb-viewer';
import { fmt, median, printTable, summarize } from './lib/stats';

const quick = process.argv.includes('--quick');
const GEOMETRY = '1024x768';
const SQUARE = { x: 100, y: 100, size: 64 };
const PROBE = { x: SQUARE.x + SQUARE.size / 2, y: SQUARE.y + SQUARE.size / 2 };
const ANIMATION = { x: 200, y: 150, w: 480, h: 360 };
const BLOCK = 20; // latency samples per connection
const LATENCY_BLOCKS = quick ? 3 : 16; // 16 x 20 = 320 samples per path
const FPS_ROUNDS = quick ? 2 : 5;
const FPS_SECONDS = quick ? 2 : 4;
const KEYSYM_A = 0x61;

const debug = process.env.BENCH_DEBUG ? (...a: unknown[]) => console.error(...a) : () => {};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const msSince = (from: bigint, to = process.hrtime.bigint()) => Number(to - from) / 1e6;
const loadNow = () => loadavg().map((n) => n.toFixed(2)).join(' ');

async function paths(desktop: DesktopServer): Promise<BenchPath[]> {
  const bridge = await startBridgeProcess();
  const websockify = await startWebsockify(desktop.port);
  return [
    { name: 'direct', pid: null, prepare: async (n) => Array<string>(n).fill(''), open: () => openTcp(desktop.port) },
    { name: 'bridge', pid: bridge.pid, prepare: (n) => bridge.tickets(desktop.port, n, { security: 'bridge', password: desktop.password }), open: openLeanWebSocket },
    { name: 'websockify', pid: websockify.pid, prepare: async (n) => Array<string>(n).fill(`ws://127.0.0.1:${websockify.port}/`), open: openLeanWebSocket },
  ];
}

interface PathFigures {
  latencyMs: number[];
  security: Set<number>;
  modes: Map<string, { fps: number[]; bytesPerSecond: number[]; cpuPerKiloFrame: number[]; xvncCpuPerKiloFrame: number[] }>;
}

function untilColour(viewer: RfbViewer, colour: number, timeoutMs: number): Promise<bigint> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no update with colour ${colour.toString(16)} within ${timeoutMs} ms`)), timeoutMs);
    viewer.onUpdate((update) => {
      if (update.probe !== colour) return;
      clearTimeout(timer);
      resolve(update.at);
    });
  });
}

async function latency(desktop: DesktopServer, all: BenchPath[], figures: Map<string, PathFigures>): Promise<void> {
  const painter = await desktop.paint(['key', String(SQUARE.x), String(SQUARE.y), String(SQUARE.size)]);
  debug('painter');
  const addresses = new Map(await Promise.all(all.map(async (path) => [path.name, await path.prepare(LATENCY_BLOCKS)] as const)));
  debug('addresses');
  let presses = 0; // the painter counts every press, whichever path it came by
  for (let block = 0; block < LATENCY_BLOCKS; block += 1) {
    for (const path of all) {
      const f = figures.get(path.name)!;
      const viewer = await startViewer(await path.open(addresses.get(path.name)![block]!), desktop.password, PROBE);
      f.security.add(viewer.security);
      debug(path.name, block, viewer.probe);
      if (viewer.probe !== paintColour(presses)) throw new Error(`${path.name}: the square shows ${viewer.probe?.toString(16)}, not colour ${presses}`);
      for (let i = 0; i < BLOCK; i += 1) {
        await sleep(15 + Math.random() * 15); // idle between presses, off any server timer's phase
        presses += 1;
        const arrived = untilColour(viewer, paintColour(presses), 5000);
        const t0 = process.hrtime.bigint();
        viewer.key(KEYSYM_A);
        f.latencyMs.push(msSince(t0, await arrived));
      }
      await viewer.close();
    }
  }
  painter.kill('SIGTERM');
}

async function frames(desktop: DesktopServer, all: BenchPath[], figures: Map<string, PathFigures>, mode: 'continuous' | 'requests'): Promise<void> {
  const addresses = new Map(await Promise.all(all.map(async (path) => [path.name, await path.prepare(FPS_ROUNDS)] as const)));
  for (let round = 0; round < FPS_ROUNDS; round += 1) {
    for (const path of all) {
      const viewer = await startViewer(await path.open(addresses.get(path.name)![round]!), desktop.password, PROBE, mode === 'continuous');
      if (mode === 'continuous' && !viewer.continuous) throw new Error(`${path.name}: the server offered no ContinuousUpdates`);
      await sleep(500); // warm-up
      let count = 0;
      let bytes = 0;
      viewer.onUpdate((update) => {
        if (update.rects === 0) return;
        count += 1;
        bytes += update.bytes;
      });
      const cpu0 = path.pid ? cpuSeconds(path.pid) : 0;
      const xvnc0 = cpuSeconds(desktop.pid);
      const t0 = process.hrtime.bigint();
      await sleep(FPS_SECONDS * 1000);
      const seconds = msSince(t0) / 1000;
      const [n, b] = [count, bytes];
      const m = figures.get(path.name)!.modes;
      if (!m.has(mode)) m.set(mode, { fps: [], bytesPerSecond: [], cpuPerKiloFrame: [], xvncCpuPerKiloFrame: [] });
      const f = m.get(mode)!;
      f.fps.push(n / seconds);
      f.bytesPerSecond.push(b / seconds);
      if (path.pid) f.cpuPerKiloFrame.push(((cpuSeconds(path.pid) - cpu0) / n) * 1000);
      f.xvncCpuPerKiloFrame.push(((cpuSeconds(desktop.pid) - xvnc0) / n) * 1000);
      debug(mode, round, path.name, n, 'frames');
      await viewer.close();
    }
  }
}

function report(all: BenchPath[], figures: Map<string, PathFigures>, modes: string[]): string {
  const get = (name: string) => figures.get(name)!;
  const lat = new Map(all.map((p) => [p.name, summarize(get(p.name).latencyMs)]));
  const l = (name: string) => lat.get(name)!;
  const mode = (name: string, m: string) => get(name).modes.get(m);
  const rows: string[][] = [
    ['', ...all.map((p) => p.name)],
    ['security type the viewer was offered', ...all.map((p) => [...get(p.name).security].map((t) => (t === 1 ? 'None' : 'VncAuth')).join('+'))],
    [`input-to-pixel p50 over ${l('direct').n} (ms)`, ...all.map((p) => fmt(l(p.name).p50, 3))],
    ['input-to-pixel p95 (ms)', ...all.map((p) => fmt(l(p.name).p95, 3))],
    ['input-to-pixel p99 (ms)', ...all.map((p) => fmt(l(p.name).p99, 3))],
    ['input-to-pixel max (ms)', ...all.map((p) => fmt(l(p.name).max, 3))],
  ];
  for (const m of modes) {
    const label = m === 'continuous' ? 'ContinuousUpdates' : 'pipelined requests';
    rows.push([`${label}: fps, median of ${FPS_ROUNDS} x ${FPS_SECONDS} s`, ...all.map((p) => fmt(median(mode(p.name, m)?.fps ?? []), 1))]);
    rows.push([`${label}: MB/s`, ...all.map((p) => fmt(median(mode(p.name, m)?.bytesPerSecond ?? []) / 1e6, 1))]);
    rows.push([`${label}: relay CPU s per 1,000 frames`, ...all.map((p) => (p.pid ? fmt(median(mode(p.name, m)?.cpuPerKiloFrame ?? []), 3) : '-'))]);
    rows.push([`${label}: Xvnc CPU s per 1,000 frames`, ...all.map((p) => fmt(median(mode(p.name, m)?.xvncCpuPerKiloFrame ?? []), 3))]);
  }
  printTable(rows);

  const fps = (name: string) => median(mode(name, 'continuous')?.fps ?? []);
  const check = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  const delta = l('bridge').p50 - l('direct').p50;
  console.log('\nTargets, same run:');
  console.log(`${check(delta <= 1)} input-to-pixel p50: bridge = direct + ${fmt(delta, 3)} ms (target <= +1 ms; websockify +${fmt(l('websockify').p50 - l('direct').p50, 3)} ms)`);
  console.log(`${check(l('bridge').p50 < l('websockify').p50)} input-to-pixel p50: bridge ${fmt(l('bridge').p50, 3)} ms vs websockify ${fmt(l('websockify').p50, 3)} ms (target: below)`);
  console.log(`${check(fps('bridge') >= 0.95 * fps('direct'))} fps: bridge ${fmt(fps('bridge') / fps('direct'))} x direct (target >= 0.95; websockify ${fmt(fps('websockify') / fps('direct'))} x)`);
  const line = (pick: (name: string) => string) => all.map((p) => `${p.name} ${pick(p.name)}`).join(' ');
  return `desktop: input-to-pixel p50 ms ${line((n) => fmt(l(n).p50, 2))}; p99 ${line((n) => fmt(l(n).p99, 2))}; fps ${line((n) => fmt(fps(n), 1))}`;
}

async function main(): Promise<void> {
  const load0 = loadNow();
  const affinity = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '?';
  const desktop = await startDesktop(GEOMETRY);
  stopOnSignals(() => desktop.stop());
  try {
    const all = await paths(desktop);
    const figures = new Map<string, PathFigures>(all.map((p) => [p.name, { latencyMs: [], security: new Set(), modes: new Map() }]));
    console.log(`desktop benchmark${quick ? ' (quick)' : ''}: Xvnc ${GEOMETRY} on :${desktop.display} (VncAuth), ${all.map((p) => p.name).join(' / ')}, interleaved\n`);
    await latency(desktop, all, figures);
    // --requests adds a run with pipelined update requests instead of ContinuousUpdates.
  const modes: Array<'continuous' | 'requests'> = process.argv.includes('--requests') ? ['continuous', 'requests'] : ['continuous'];
    await desktop.paint(['animate', String(ANIMATION.x), String(ANIMATION.y), String(ANIMATION.w), String(ANIMATION.h)]);
    for (const m of modes) await frames(desktop, all, figures, m);
    const last = report(all, figures, modes);
    // Other work on the machine skews every figure; say how busy it was.
    console.log(`\nmachine: ${cpus().length} CPUs (this process may use ${affinity}), load average at start ${load0}, at end ${loadNow()}`);
    console.log(last);
  } finally {
    stopChildren();
    await desktop.stop();
  }
}

await main();
