// Session Deck's bridge in its own process, so that its CPU and memory can be measured alone.
// The parent asks for tickets over IPC.
import { createBridge } from '../../electron/core/bridge/index';

interface TicketRequest {
  id: number;
  port: number;
  count: number;
}

// --high-water=BYTES tries another backpressure bound (default: the bridge's own).
const highWater = process.argv.find((arg) => arg.startsWith('--high-water='))?.split('=')[1];
const bridge = createBridge({
  allowedOrigins: [],
  allowMissingOrigin: true,
  ticketTtlMs: 600_000,
  ...(highWater ? { highWaterMarkBytes: Number(highWater) } : {}),
});
await bridge.start();
process.send?.({ ready: bridge.port });
process.on('message', (message: TicketRequest) => {
  const urls = Array.from({ length: message.count }, (_, i) =>
    bridge.issueTicket(`bench-${message.id}-${i}`, { host: '127.0.0.1', port: message.port }, { shared: true }).url,
  );
  process.send?.({ id: message.id, urls });
});
process.on('disconnect', () => {
  void bridge.close().then(() => process.exit(0));
});
