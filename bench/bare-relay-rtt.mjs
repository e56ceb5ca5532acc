// Reference for the bridge RTT target: round trips of a 64-byte echo, direct and through a bare
// Node TCP relay process (no WebSocket, no logic), interleaved. `node bench/bare-relay-rtt.mjs`.
import { createServer, connect } from 'node:net';
import { fork } from 'node:child_process';
if (process.argv[2] === 'relay') {
  const target = Number(process.argv[3]);
  const server = createServer((client) => {
    client.setNoDelay(true);
    const up = connect({ port: target, host: '127.0.0.1', noDelay: true });
    client.pipe(up); up.pipe(client);
  });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else if (process.argv[2] === 'echo') {
  const server = createServer((s) => { s.setNoDelay(true); s.on('data', (d) => s.write(d)); });
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
} else {
  const start = (args) => new Promise((r) => { const c = fork(new URL(import.meta.url).pathname, args); c.once('message', (p) => r([c, p])); });
  const [echo, echoPort] = await start(['echo']);
  const [relay, relayPort] = await start(['relay', String(echoPort)]);
  const open = (port) => new Promise((r) => { const s = connect({ port, host: '127.0.0.1', noDelay: true }, () => r(s)); });
  const direct = await open(echoPort), relayed = await open(relayPort);
  const trip = (s) => new Promise((r) => { const t = process.hrtime.bigint(); s.once('data', () => r(Number(process.hrtime.bigint() - t) / 1000)); s.write(Buffer.alloc(64, 97)); });
  const res = { direct: [], relayed: [] };
  for (let b = 0; b < 8; b++) for (const [k, s] of [['direct', direct], ['relayed', relayed]]) for (let i = 0; i < 250; i++) res[k].push(await trip(s));
  for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k, 'p50', v[v.length >> 1].toFixed(1), 'p99', v[Math.floor(v.length * 0.99)].toFixed(1)); }
  echo.kill(); relay.kill(); process.exit(0);
}
