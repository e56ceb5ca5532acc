// How a relay's peers are let go when they cannot take part in a clean ending: a viewer that stops
// answering pings is dropped, and a target that never reads the viewer's last bytes is cut off.
// Separate from relay.ts because neither touches the bytes in flight: they are timers around it.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** How long a target may take to accept the last bytes of a viewer that left. */
const TARGET_DRAIN_MS = 5_000;

/** Pings the viewer every interval (none if 0); one that has not answered the last ping is dropped. */
export class ViewerHeartbeat {
  private awaitingPong = false;
  private timer: NodeJS.Timeout | null = null;

  /** heldBack: whether the relay has stopped reading the viewer (then its pongs wait unread). */
  constructor(
    private readonly ws: WebSocket,
    intervalMs: number,
    private readonly heldBack: () => boolean,
  ) {
    ws.on('pong', () => (this.awaitingPong = false));
    if (intervalMs > 0) this.timer = setInterval(() => this.beat(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private beat(): void {
    // While we hold the viewer back for a slow target, its pongs wait unread: that is not its fault.
    if (this.heldBack()) return;
    if (this.awaitingPong) {
      // A dead or stuck peer cannot take part in a close handshake; drop it.
      this.ws.terminate();
      return;
    }
    this.awaitingPong = true;
    this.ws.ping();
  }
}

/** Passes the viewer's last bytes on to the target, then closes it; a target that never reads is cut off. */
export function endTargetAfterDrain(target: Socket, paused: boolean): void {
  if (target.destroyed) return;
  if (paused) target.resume();
  const timer = setTimeout(() => target.destroy(), TARGET_DRAIN_MS);
  target.once('close', () => clearTimeout(timer));
  target.end(() => target.destroy());
}
