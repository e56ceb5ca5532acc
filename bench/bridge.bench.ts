// Bridge benchmark: raw TCP loopback vs socat (a native relay: what any relay process costs) vs
// Debian's websockify vs Session Deck's bridge, to the same TCP source, interleaved (A B C D A B C D
// ...) so that machine noise hits all alike.
// Usage: npm run bench:bridge [-- --quick] [-- --pin] [-- --ws-client=ws]
// --pin runs everything (client, source, relays) on CPU 0, so that no hop waits for the scheduler
// to move it between cores. The viewer side is a lean WebSocket client (bench/lib/lean-ws-client.ts)
// for both WebSocket paths; --ws-client=ws uses the `ws` library instead, whose message assembly
// costs the client CPU.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { openLeanWebSocket } from './lib/lean-ws-client';
import { openTcp, openWebSocket, request, type BenchPath, type Connection } from './lib/paths';
import { cpuSeconds, rssBytes } from './lib/proc-stats';
import { firstMessage, forkTs, startBridgeProcess, startSocat, startWebsockify, stopChildren, stopOnSignals } from './lib/relays';

const quick = process.argv.includes('--quick');
const pin = process.argv.includes('--pin');
const openWs = process.argv.includes('--ws-client=ws') ? openWebSocket : openLeanWebSocket;
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const SINGLE_BYTES = (quick ? 64 : 256) * MiB;
const SINGLE_ROUNDS = 5;
const RTT_TRIPS = quick ? 500 : 2000;
const RTT_WARMUP = 200;
const RTT_BLOCKS = 4;
const STREAMS = 50;
const STREAM_BYTES = 8 * MiB;
const CONCURRENT_ROUNDS = 5;

async function setUp(): Promise<BenchPath[]> {
  const source = forkTs('./source-server.ts');
  const { port: sourcePort } = await firstMessage<{ port: number }>(source);
  const socat = await startSocat(sourcePort);
  const websockify = await startWebsockify(sourcePort);
  const bridge = await startBridgeProcess();
  return [
    { name: 'raw TCP', pid: null, prepare: async (n) => Array<string>(n).fill(''), open: () => openTcp(sourcePort) },
    { name: 'socat', pid: socat.pid, prepare: async (n) => Array<string>(n).fill(''), open: () => openTcp(socat.port) },
    {
      name: 'websockify',
      pid: websockify.pid,
      prepare: async (n) => Array<string>(n).fill(`ws://127.0.0.1:${websockify.port}/`),
      open: (url) => openWs(url),
    },
    { name: 'bridge', pid: bridge.pid, prepare: (n) => bridge.tickets(sourcePort, n), open: (url) => openWs(url) },
  ];
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

/** Requests `bytes` from the source and resolves once they have all arrived. */
function receive(connection: Connection, bytes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = 0;
    connection.onData((data) => {
      got += data.length;
      if (got >= bytes) resolve();
    });
    void connection.ended.then(() => got < bytes && reject(new Error(`stream ended after ${got} of ${bytes} bytes`)));
    connection.write(request('S', bytes));
  });
}

interface Figures {
  single: number[];
  rtt: { p50: number; p99: number } | null;
  concurrent: number[];
  openMs: number[];
  rssIdle: number;
  rss50: number[];
  rssPeak: number;
  cpu: number;
  cpuBytes: number;
  /** Relay CPU seconds per second during the 50-stream rounds: near 1.0, a second core would help. */
  busy50: number[];
}

async function singleStream(path: BenchPath, f: Figures, bytes = SINGLE_BYTES, record = true): Promise<void> {
  const [address = ''] = await path.prepare(1);
  const connection = await path.open(address);
  const cpu0 = path.pid ? cpuSeconds(path.pid) : 0;
  const t0 = process.hrtime.bigint();
  await receive(connection, bytes);
  const t = seconds(t0);
  if (record) {
    f.single.push(bytes / GiB / t);
    if (path.pid) {
      f.cpu += cpuSeconds(path.pid) - cpu0;
      f.cpuBytes += bytes;
    }
  }
  connection.close();
  await connection.ended;
}

/** One echo connection per path; trips run in blocks interleaved across the paths. */
async function echoConnection(path: BenchPath): Promise<Connection> {
  const [address = ''] = await path.prepare(1);
  const connection = await path.open(address);
  connection.write(request('E', 0));
  return connection;
}

async function roundTrips(connection: Connection, trips: number, samples: number[] | null): Promise<void> {
  const payload = Buffer.alloc(64, 0x61);
  for (let i = 0; i < trips; i += 1) {
    const t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      let got = 0;
      connection.onData((data) => {
        got += data.length;
        if (got >= payload.length) resolve();
      });
      connection.write(payload);
    });
    samples?.push(seconds(t0) * 1e6);
  }
}

async function echoRoundTrips(paths: BenchPath[], figures: (path: BenchPath) => Figures): Promise<void> {
  const connections = await Promise.all(paths.map((path) => echoConnection(path)));
  const samples = paths.map((): number[] => []);
  for (const connection of connections) await roundTrips(connection, RTT_WARMUP, null);
  for (let block = 0; block < RTT_BLOCKS; block += 1) {
    for (const [i, connection] of connections.entries()) await roundTrips(connection, RTT_TRIPS / RTT_BLOCKS, samples[i]!);
  }
  for (const [i, path] of paths.entries()) {
    const sorted = samples[i]!.sort((a, b) => a - b);
    figures(path).rtt = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
    connections[i]!.close();
    await connections[i]!.ended;
  }
}

/** Memory of the relay with 50 connections open, before any bulk traffic has grown its heap. */
async function openConnections(path: BenchPath, f: Figures): Promise<void> {
  const addresses = await path.prepare(STREAMS);
  const rss0 = path.pid ? rssBytes(path.pid) : 0;
  const connections = await Promise.all(addresses.map((address) => path.open(address)));
  // One small round trip each, so every relay has connected its target.
  await Promise.all(connections.map((connection) => receive(connection, 1024)));
  if (path.pid) {
    f.rssIdle = rss0;
    f.rss50.push(rssBytes(path.pid));
  }
  for (const connection of connections) connection.close();
  await Promise.all(connections.map((connection) => connection.ended));
}

async function concurrent(path: BenchPath, f: Figures): Promise<void> {
  const addresses = await path.prepare(STREAMS);
  const t0 = process.hrtime.bigint();
  const connections = await Promise.all(addresses.map((address) => path.open(address)));
  f.openMs.push(seconds(t0) * 1e3);
  const cpu0 = path.pid ? cpuSeconds(path.pid) : 0;
  const sampler = path.pid ? setInterval(() => (f.rssPeak = Math.max(f.rssPeak, rssBytes(path.pid!))), 50) : null;
  const t1 = process.hrtime.bigint();
  await Promise.all(connections.map((connection) => receive(connection, STREAM_BYTES)));
  const t = seconds(t1);
  if (sampler) clearInterval(sampler);
  f.concurrent.push((STREAMS * STREAM_BYTES) / GiB / t);
  if (path.pid) {
    const used = cpuSeconds(path.pid) - cpu0;
    f.cpu += used;
    f.cpuBytes += STREAMS * STREAM_BYTES;
    f.busy50.push(used / t);
  }
  for (const connection of connections) connection.close();
  await Promise.all(connections.map((connection) => connection.ended));
}

function report(paths: BenchPath[], figures: Map<string, Figures>): void {
  const get = (name: string) => figures.get(name)!;
  const raw = get('raw TCP');
  const so = get('socat');
  const ws = get('websockify');
  const br = get('bridge');
  const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  const rows: string[][] = [
    ['', ...paths.map((p) => p.name)],
    [`single stream ${SINGLE_BYTES / MiB} MiB, median of ${SINGLE_ROUNDS} (GiB/s)`, ...paths.map((p) => fmt(median(get(p.name).single)))],
    [`${STREAMS} x ${STREAM_BYTES / MiB} MiB aggregate, median of ${CONCURRENT_ROUNDS} (GiB/s)`, ...paths.map((p) => fmt(median(get(p.name).concurrent)))],
    [`64-byte echo RTT p50 over ${RTT_TRIPS} (us)`, ...paths.map((p) => fmt(get(p.name).rtt?.p50 ?? NaN, 1))],
    [`64-byte echo RTT p99 (us)`, ...paths.map((p) => fmt(get(p.name).rtt?.p99 ?? NaN, 1))],
    [`relay CPU busy during ${STREAMS} streams (cores)`, ...paths.map((p) => (p.pid && get(p.name).busy50.length > 0 ? fmt(median(get(p.name).busy50)) : '-'))],
    ['relay CPU (s per GiB)', ...paths.map((p) => (p.pid ? fmt(get(p.name).cpu / (get(p.name).cpuBytes / GiB), 3) : '-'))],
    [`time to open ${STREAMS} connections, median (ms)`, ...paths.map((p) => fmt(median(get(p.name).openMs), 1))],
    ['relay RSS idle (MiB)', ...paths.map((p) => (p.pid && get(p.name).rss50.length > 0 ? fmt(get(p.name).rssIdle / MiB, 1) : '-'))],
    [`relay RSS with ${STREAMS} open (MiB)`, ...paths.map((p) => (p.pid ? fmt(median(get(p.name).rss50) / MiB, 1) : '-'))],
    [`  per open connection (KiB)`, ...paths.map((p) => (p.pid ? fmt((median(get(p.name).rss50) - get(p.name).rssIdle) / STREAMS / 1024, 0) : '-'))],
    ['relay RSS peak while streaming (MiB)', ...paths.map((p) => (p.pid && get(p.name).rss50.length > 0 ? fmt(get(p.name).rssPeak / MiB, 1) : '-'))],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  for (const row of rows) console.log(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));

  const single = median(br.single) / median(raw.single);
  const many = median(br.concurrent) / median(raw.concurrent);
  const vsWebsockify = median(br.concurrent) / median(ws.concurrent);
  const rttDelta = (br.rtt?.p50 ?? NaN) - (raw.rtt?.p50 ?? NaN);
  const cpu = br.cpu / (br.cpuBytes / GiB);
  const check = (ok: boolean) => (ok ? 'ok  ' : 'MISS');
  console.log('\nTargets, same run:');
  const vsSocat = (br.rtt?.p50 ?? NaN) - (so.rtt?.p50 ?? NaN);
  console.log(`${check(vsSocat <= 25)} RTT p50: bridge = socat + ${fmt(vsSocat, 1)} us (target <= +25 us; socat = raw TCP + ${fmt((so.rtt?.p50 ?? NaN) - (raw.rtt?.p50 ?? NaN), 1)} us)`);
  console.log(`${check(single >= 0.75)} single stream: bridge ${fmt(single)} x raw TCP (target >= 0.75; socat ${fmt(median(so.single) / median(raw.single))} x, websockify ${fmt(median(ws.single) / median(raw.single))} x)`);
  console.log(`${check(many >= 0.7)} ${STREAMS} streams: bridge ${fmt(many)} x raw TCP (target >= 0.70; websockify ${fmt(median(ws.concurrent) / median(raw.concurrent))} x)`);
  console.log(`${check(vsWebsockify >= 2.5)} ${STREAMS} streams: bridge ${fmt(vsWebsockify)} x websockify (target >= 2.5)`);
  console.log(`info RTT p50: bridge = raw TCP + ${fmt(rttDelta, 1)} us (websockify +${fmt((ws.rtt?.p50 ?? NaN) - (raw.rtt?.p50 ?? NaN), 1)} us)`);
  console.log(`${check(cpu <= 0.4)} bridge CPU ${fmt(cpu, 3)} s/GiB (target <= 0.4; socat ${fmt(so.cpu / (so.cpuBytes / GiB), 3)}, websockify ${fmt(ws.cpu / (ws.cpuBytes / GiB), 3)})`);
  console.log(`info bridge memory per open connection ${fmt((median(br.rss50) - br.rssIdle) / STREAMS / 1024, 0)} KiB; peak RSS while streaming ${fmt(br.rssPeak / MiB, 1)} MiB`);
}

async function main(): Promise<void> {
  // Before any child starts: they inherit the affinity.
  if (pin) execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
  const affinity = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '?';
  const paths = await setUp();
  const figures = new Map<string, Figures>(
    paths.map((p) => [p.name, { single: [], rtt: null, concurrent: [], openMs: [], rssIdle: 0, rss50: [], rssPeak: 0, cpu: 0, cpuBytes: 0, busy50: [] }]),
  );
  const f = (path: BenchPath) => figures.get(path.name)!;
  const client = openWs === openWebSocket ? 'ws library' : 'lean';
  console.log(`bridge benchmark${quick ? ' (quick)' : ''}: ${paths.map((p) => p.name).join(' / ')}, interleaved; WebSocket client: ${client}; CPUs ${affinity}${pin ? ' (pinned)' : ''}\n`);
  const debug = process.env.BENCH_DEBUG ? (...a: unknown[]) => console.error(...a) : () => {};
  const many = paths.filter((path) => path.name !== 'socat'); // see startSocat
  for (const path of many) await openConnections(path, f(path)).then(() => debug("open", path.name));
  for (const path of paths) await singleStream(path, f(path), 32 * MiB, false).then(() => debug("warm", path.name)); // warm-up
  for (let round = 0; round < SINGLE_ROUNDS; round += 1) for (const path of paths) await singleStream(path, f(path));
  await echoRoundTrips(paths, f);
  for (let round = 0; round < CONCURRENT_ROUNDS; round += 1) for (const path of many) await concurrent(path, f(path));
  report(paths, figures);
  // Other work on the machine skews every figure; say how busy it was.
  console.log(`\nmachine: ${cpus().length} CPUs, load average at start ${load0}, at end ${loadNow()}`);
}

const loadNow = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const load0 = loadNow();

stopOnSignals();
try {
  await main();
} finally {
  stopChildren();
}
