// The Server-Sent Events clients of the host. A client that does not read its stream fast enough
// is dropped rather than queued for without end: once a write had to be buffered (write() returned
// false), frames are queued for it only within a small budget until the socket drains, and a frame
// past that ends the stream. Its browser reconnects by itself and re-lists on reconnect, so nothing
// is lost, and what is held per client stays under the budget plus one frame.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DeckEvent } from '../../shared/session';

export interface EventStreamStats {
  clients: number;
  /** Bytes written to clients and not yet taken by the kernel. */
  queuedBytes: number;
}

/** Bytes a stalled client may have queued: a burst of events, not a backlog. */
export const STALLED_BUDGET_BYTES = 256 * 1024;

export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  /** Clients that see only some events (a kiosk page: the kiosk's). */
  private readonly filters = new WeakMap<ServerResponse, (event: DeckEvent) => boolean>();
  /** Clients whose last write was buffered and that have not drained since. */
  private readonly stalled = new WeakSet<ServerResponse>();

  constructor(private readonly keepAliveMs: number) {}

  open(request: IncomingMessage, response: ServerResponse, filter?: (event: DeckEvent) => boolean): void {
    if (filter) this.filters.set(response, filter);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    this.clients.add(response);
    const keepAlive = setInterval(() => this.send(response, ': keep-alive\n\n'), this.keepAliveMs);
    const forget = () => {
      clearInterval(keepAlive);
      this.clients.delete(response);
    };
    request.on('close', forget);
    response.on('close', forget);
    response.on('drain', () => this.stalled.delete(response));
    this.send(response, ': connected\n\n');
  }

  broadcast(event: DeckEvent): void {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of [...this.clients]) if (this.filters.get(client)?.(event) ?? true) this.send(client, frame);
  }

  get stats(): EventStreamStats {
    let queuedBytes = 0;
    for (const client of this.clients) queuedBytes += client.writableLength;
    return { clients: this.clients.size, queuedBytes };
  }

  closeAll(): void {
    for (const client of [...this.clients]) client.end();
  }

  /** Writes one frame, or drops a stalled client that the frame would take past its budget. */
  private send(client: ServerResponse, frame: string): void {
    if (!this.clients.has(client)) return;
    if (this.stalled.has(client) && client.writableLength + Buffer.byteLength(frame) > STALLED_BUDGET_BYTES) {
      this.clients.delete(client);
      client.destroy();
      return;
    }
    if (!client.write(frame)) this.stalled.add(client);
  }
}
