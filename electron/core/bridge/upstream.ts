// Connections to a ticket's VNC server opened and signed in when the ticket is issued (TicketOptions
// `preconnect`), so that the viewer who redeems the ticket finds the bridge already through the
// server's side of the security handshake: the browser's ticket answer, its WebSocket and the
// upgrade usually take longer than the sign-in, which then costs the viewer nothing (and where they
// do not, the viewer's relay takes the connection over halfway). Each one belongs to its ticket
// alone (single use, like the ticket), is held for a bounded time, and a session holds one: a newer
// ticket's replaces an unused older one (the page asked again: that one will not be used), as soon
// as the older one has signed in (a server may count connections dropped before that against us).
// One that failed, closed or outlived its hold is dropped, and the viewer's relay connects afresh
// as it would without one (with the same errors and reasons).
import type { Socket } from 'node:net';
import type { BufferPool } from './buffer-pool';
import { AdaptiveReadBuffer } from './read-buffer';
import type { RfbSecurityProxy } from './rfb-security';
import { ticketKey } from './tickets';
import type { BridgeTarget } from './types';
import { connectVnc } from '../vnc/vnc-socket';

/** Held unused for at most this long (never past the ticket's lifetime). */
export const PRECONNECT_HOLD_MS = 15_000;
/** Held connections per session at most, those still signing in included. */
export const PRECONNECT_PER_SESSION = 2;

type ReadHandler = (n: number, buffer: Uint8Array) => boolean;

/** What a relay takes over: a socket signed in (or signing in) to the server, and what the viewer is owed. */
export interface SignedInConnection {
  /** Possibly still connecting (`socket.connecting`). */
  socket: Socket;
  reads: AdaptiveReadBuffer;
  /** The handshake state machine, the server's side done or under way; the viewer's starts with `greeting`. */
  security: RfbSecurityProxy;
  /** Bytes for the viewer as soon as it is there (the bridge's RFB banner). */
  greeting: Buffer[];
  /** Sends the socket's further reads to the relay. */
  redirect(onRead: ReadHandler): void;
}

class HeldConnection {
  private state: 'signing-in' | 'signed-in' | 'gone' = 'signing-in';
  /** A newer ticket's connection replaces this one once it has signed in. */
  private superseded = false;
  private onRead: ReadHandler = (n, buffer) => this.duringSignIn(n, buffer);
  private readonly greeting: Buffer[] = [];
  private readonly socket: Socket;
  private readonly reads: AdaptiveReadBuffer;
  private readonly timer: NodeJS.Timeout;

  constructor(
    target: BridgeTarget,
    private readonly security: RfbSecurityProxy,
    pool: BufferPool,
    holdMs: number,
    private readonly onGone: () => void,
  ) {
    this.reads = new AdaptiveReadBuffer(pool);
    this.socket = connectVnc(target, { noDelay: true, onread: { buffer: this.reads.next, callback: (n, buffer) => this.onRead(n, buffer) } });
    this.socket.on('error', this.drop);
    this.socket.on('end', this.drop);
    this.socket.on('close', this.drop);
    this.timer = setTimeout(this.drop, holdMs);
    this.timer.unref();
  }

  private duringSignIn(n: number, buffer: Uint8Array): boolean {
    if (this.state !== 'signing-in') {
      // A server that talks before the viewer's ClientInit is not one to hand over.
      this.drop();
      return false;
    }
    const step = this.security.fromServer(this.reads.peek(n, buffer)); // it keeps copies of what it needs
    for (const bytes of step.toServer) this.socket.write(bytes);
    this.greeting.push(...step.toViewer);
    if (step.failure || this.security.failurePending) {
      this.drop();
      return false;
    }
    if (this.security.serverThrough) {
      this.state = 'signed-in';
      if (this.superseded) {
        this.drop();
        return false;
      }
    }
    return true;
  }

  /** Not wanted any more: dropped now if signed in, else as soon as it is. */
  supersede(): void {
    this.superseded = true;
    if (this.state === 'signed-in') this.drop();
  }

  /** The connection for the ticket's viewer, signed in or on its way; null (and dropped) if it failed. */
  take(): SignedInConnection | null {
    if (this.state === 'gone' || this.socket.destroyed) {
      this.drop();
      return null;
    }
    this.state = 'gone';
    clearTimeout(this.timer);
    this.socket.off('error', this.drop);
    this.socket.off('end', this.drop);
    this.socket.off('close', this.drop);
    this.onGone();
    const { socket, reads, security, greeting } = this;
    return { socket, reads, security, greeting, redirect: (onRead) => (this.onRead = onRead) };
  }

  readonly drop = (): void => {
    if (this.state === 'gone') return;
    this.state = 'gone';
    clearTimeout(this.timer);
    this.socket.destroy();
    this.reads.dispose();
    this.onGone();
  };
}

interface Holding {
  sessionId: string;
  group: string | undefined;
  connection: HeldConnection;
}

/** The bridge's held connections, by ticket (its digest: the ticket itself is not kept). */
export class HeldUpstreams {
  private readonly byTicket = new Map<string, Holding>();

  constructor(
    private readonly pool: BufferPool,
    private readonly holdMs: number,
  ) {}

  /** Starts signing in for a just-issued ticket, unless the session already holds its share. */
  open(ticket: string, sessionId: string, group: string | undefined, target: BridgeTarget, security: RfbSecurityProxy): void {
    if (this.countFor(sessionId) >= PRECONNECT_PER_SESSION) return;
    for (const holding of [...this.byTicket.values()]) if (holding.sessionId === sessionId) holding.connection.supersede();
    const key = ticketKey(ticket);
    const holding: Holding = {
      sessionId,
      group,
      connection: new HeldConnection(target, security, this.pool, this.holdMs, () => {
        if (this.byTicket.get(key) === holding) this.byTicket.delete(key);
      }),
    };
    this.byTicket.set(key, holding);
  }

  /** The signed-in connection of a redeemed ticket, or null (none held, or it did not sign in). */
  take(ticket: string): SignedInConnection | null {
    return this.byTicket.get(ticketKey(ticket))?.connection.take() ?? null;
  }

  /** Drops the connection held for a ticket that will not be used (refused, or its upgrade failed). */
  discard(ticket: string): void {
    this.byTicket.get(ticketKey(ticket))?.connection.drop();
  }

  dropSession(sessionId: string): void {
    for (const holding of [...this.byTicket.values()]) if (holding.sessionId === sessionId) holding.connection.drop();
  }

  dropGroup(group: string): void {
    for (const holding of [...this.byTicket.values()]) if (holding.group === group) holding.connection.drop();
  }

  dropAll(): void {
    for (const holding of [...this.byTicket.values()]) holding.connection.drop();
  }

  get size(): number {
    return this.byTicket.size;
  }

  private countFor(sessionId: string): number {
    let n = 0;
    for (const holding of this.byTicket.values()) if (holding.sessionId === sessionId) n += 1;
    return n;
  }
}
