// Session Deck's bridge in its own process, so that its CPU and memory can be measured alone.
// The parent asks for tickets over IPC: security 'viewer' relays the client's own RFB handshake
// (raw byte sources), 'bridge' has the bridge authenticate to a real VNC server with `password`.
import { createBridge, type TicketOptions } from '../../electron/core/bridge/index';

interface TicketRequest {
  id: number;
  port: number;
  count: number;
  security?: 'bridge' | 'viewer';
  password?: string;
}

// --high-water=BYTES tries another backpressure bound (default: the bridge's own).
const highWater = process.argv.find((arg) => arg.startsWith('--high-water='))?.split('=')[1];
const bridge = createBridge({
  allowedOrigins: [],
  allowMissingOrigin: true,
  ticketTtlMs: 600_000,
  // The benchmark opens 50 connections at once; on a loaded machine more than the default 32 may
  // still be waiting for their upgrade, and the startup limit would drop some (as it should for
  // strangers). Measured here is relaying, so none are dropped.
  maxStartups: { start: 64, rate: 30, full: 128 },
  ...(highWater ? { highWaterMarkBytes: Number(highWater) } : {}),
});
await bridge.start();
process.send?.({ ready: bridge.port });
process.on('message', (message: TicketRequest) => {
  // Cast: a bridge without the security option ignores it and relays the viewer's handshake.
  const options = { shared: true, security: message.security ?? 'viewer', password: message.password } as TicketOptions;
  const urls = Array.from({ length: message.count }, (_, i) =>
    bridge.issueTicket(`bench-${message.id}-${i}`, { host: '127.0.0.1', port: message.port }, options).url,
  );
  process.send?.({ id: message.id, urls });
});
process.on('disconnect', () => {
  void bridge.close().then(() => process.exit(0));
});
