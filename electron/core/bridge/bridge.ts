// The bridge service: a loopback HTTP server whose only job is upgrading ticketed WebSocket
// requests and relaying them to the session's VNC server. Everything is vetted before the VNC
// server is contacted.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { ActivityHub } from './activity';
import { BufferPool } from './buffer-pool';
import { CLOSE } from './close-codes';
import { refuseSocket } from './http-refusal';
import { isLoopbackHost } from './loopback';
import { Relay } from './relay';
import { mustMakeRoom, pickEvictee, resolveMaxStartups } from './startups';
import { RfbClientStream } from './rfb-client-stream';
import { RfbSecurityProxy } from './rfb-security';
import { TicketBook, type TicketGrant } from './tickets';
import { HeldUpstreams, PRECONNECT_HOLD_MS, type SignedInConnection } from './upstream';
import type { Bridge, BridgeActivity, BridgeOptions, BridgeTarget, IssuedTicket, RejectReason, TicketOptions } from './types';
import { checkUpgradeRequest, SUBPROTOCOL, TICKET_PATH_PREFIX } from './upgrade-request';

export const BRIDGE_DEFAULTS = {
  host: '127.0.0.1',
  handshakeTimeoutMs: 3_000,
  ticketTtlMs: 60_000,
  targetConnectTimeoutMs: 10_000,
  maxMessageBytes: 4 * 1024 * 1024,
  highWaterMarkBytes: 1024 * 1024,
  heartbeatIntervalMs: 30_000,
  activityIntervalMs: 1_000,
  maxConnections: 256,
} as const;

/** Grace period for viewers to answer the close frame when the bridge shuts down. */
const CLOSE_GRACE_MS = 2_000;

interface LiveConnection {
  id: number;
  grant: TicketGrant;
  relay: Relay;
}

export function createBridge(options: BridgeOptions): Bridge {
  const host = options.host ?? BRIDGE_DEFAULTS.host;
  if (!isLoopbackHost(host)) {
    throw new Error(`bridge: refusing to listen on ${host}: only loopback addresses (127.0.0.0/8, ::1) are allowed`);
  }
  const settings = {
    handshakeTimeoutMs: options.handshakeTimeoutMs ?? BRIDGE_DEFAULTS.handshakeTimeoutMs,
    targetConnectTimeoutMs: options.targetConnectTimeoutMs ?? BRIDGE_DEFAULTS.targetConnectTimeoutMs,
    highWaterMarkBytes: options.highWaterMarkBytes ?? BRIDGE_DEFAULTS.highWaterMarkBytes,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? BRIDGE_DEFAULTS.heartbeatIntervalMs,
  };
  const origins = {
    allowedOrigins: new Set(options.allowedOrigins),
    allowMissingOrigin: options.allowMissingOrigin ?? false,
  };
  const ticketTtlMs = options.ticketTtlMs ?? BRIDGE_DEFAULTS.ticketTtlMs;
  const tickets = new TicketBook(ticketTtlMs);
  const activity = new ActivityHub(options.activityIntervalMs ?? BRIDGE_DEFAULTS.activityIntervalMs);
  const live = new Map<number, LiveConnection>();
  const readBuffers = new BufferPool();
  const held = new HeldUpstreams(readBuffers, Math.min(options.preconnectHoldMs ?? PRECONNECT_HOLD_MS, ticketTtlMs));
  /** Sockets that have not (yet) become a WebSocket ("startups"), with their handshake deadline. */
  const pending = new Map<Socket, { timer: NodeJS.Timeout; since: number }>();
  let nextConnectionId = 1;
  let state: 'new' | 'listening' | 'closing' | 'closed' = 'new';
  let port = 0;

  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: options.maxMessageBytes ?? BRIDGE_DEFAULTS.maxMessageBytes,
    skipUTF8Validation: true, // text messages are refused anyway
    // Only reached with no offer (answered without the header) or with `binary` among the offers.
    handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const server: Server = createServer((_req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close', Upgrade: 'websocket' });
    res.end('426 Upgrade Required\n');
  });
  server.maxConnections = options.maxConnections ?? BRIDGE_DEFAULTS.maxConnections;
  const startups = resolveMaxStartups(options.maxStartups, server.maxConnections);
  // Node checks these only every 30 s; the per-socket deadline below is what cuts slowloris off on time.
  server.headersTimeout = settings.handshakeTimeoutMs;
  server.requestTimeout = settings.handshakeTimeoutMs;

  server.on('connection', (socket: Socket) => {
    // Many connections that have not sent their upgrade: one of them goes (see startups.ts).
    if (mustMakeRoom(pending.size, startups)) {
      const evictee = pickEvictee(pending, Date.now()) ?? socket;
      activity.rejected(null, 'too_many_startups');
      evictee.destroy();
      if (evictee === socket) return;
      clearTimeout(pending.get(evictee)?.timer);
      pending.delete(evictee);
    }
    const timer = setTimeout(() => {
      pending.delete(socket);
      if (!socket.destroyed) {
        activity.rejected(null, 'handshake_timeout');
        socket.destroy();
      }
    }, settings.handshakeTimeoutMs);
    pending.set(socket, { timer, since: Date.now() });
    socket.once('close', () => {
      clearTimeout(timer);
      pending.delete(socket);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that hung up is not an attempt worth reporting; anything unparsable is.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    activity.rejected(null, 'not_websocket');
    refuseSocket(socket, error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => onUpgrade(req, socket, head));

  function reject(socket: Duplex, status: number, reason: RejectReason, sessionId: string | null): void {
    activity.rejected(sessionId, reason);
    refuseSocket(socket, status);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    if (state !== 'listening') return reject(socket, 503, 'bridge_closing', null);
    const check = checkUpgradeRequest(req, origins);
    if (!check.ok) return reject(socket, check.status, check.reason, null);
    const { ticket } = check;
    const redeemed = tickets.redeem(ticket);
    if (!redeemed.ok) {
      held.discard(ticket);
      return reject(socket, 403, redeemed.reason, redeemed.sessionId);
    }
    const grant = redeemed.grant;
    // A connection held for this ticket that never becomes a WebSocket goes with its hold time.
    wss.handleUpgrade(req, socket, head, (ws) => {
      const raw = socket as Socket;
      clearTimeout(pending.get(raw)?.timer);
      pending.delete(raw);
      openRelay(ws, grant, held.take(ticket));
    });
  }

  function openRelay(ws: WebSocket, grant: TicketGrant, upstream: SignedInConnection | null): void {
    if (state !== 'listening') {
      upstream?.socket.destroy();
      ws.close(CLOSE.bridgeClosing, 'bridge closing');
      return;
    }
    if (!grant.shared) {
      for (const other of live.values()) {
        if (other.grant.sessionId === grant.sessionId) other.relay.close(CLOSE.replaced, 'another viewer connected');
      }
    }
    const id = nextConnectionId++;
    const { sessionId } = grant;
    const relay = new Relay({
      ws,
      target: grant.target,
      highWaterMarkBytes: settings.highWaterMarkBytes,
      connectTimeoutMs: settings.targetConnectTimeoutMs,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      pool: readBuffers,
      // The bridge authenticates with the server itself (or already has); the viewer is let in with security None.
      ...(upstream ? { upstream } : grant.security === 'bridge' ? { security: new RfbSecurityProxy(grant.password, grant.eagerHandshake) } : {}),
      // Every connection is followed: view-only is enforced here, and input is noticed for all.
      inspector: new RfbClientStream(grant.viewOnly, { afterSecurity: grant.security === 'bridge' }),
      onTraffic: (toViewer, toTarget) => activity.traffic(sessionId, toViewer, toTarget),
      onInput: () => activity.input(sessionId),
      onClosed: (code, reason) => {
        live.delete(id);
        activity.viewerDisconnected(sessionId, id, code, reason);
      },
    });
    live.set(id, { id, grant, relay });
    activity.viewerConnected(sessionId, id, grant.viewOnly);
  }

  const bridge: Bridge = {
    get port() {
      return port;
    },

    async start() {
      if (state !== 'new') throw new Error(`bridge: start() called when ${state}`);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host, port: options.port ?? 0, exclusive: true }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      port = (server.address() as AddressInfo).port;
      state = 'listening';
    },

    async close() {
      if (state === 'closed' || state === 'closing') return;
      const wasListening = state === 'listening';
      state = 'closing';
      tickets.clear();
      held.dropAll();
      const serverClosed = wasListening
        ? new Promise<void>((resolve) => server.close(() => resolve()))
        : Promise.resolve();
      for (const [socket, { timer }] of pending) {
        clearTimeout(timer);
        socket.destroy();
      }
      pending.clear();
      const relays = [...live.values()].map((connection) => connection.relay);
      for (const relay of relays) relay.close(CLOSE.bridgeClosing, 'bridge closing');
      const allClosed = Promise.all(relays.map((relay) => relay.closed));
      let grace: NodeJS.Timeout | undefined;
      const graceOver = new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)));
      await Promise.race([allClosed, graceOver]);
      clearTimeout(grace);
      for (const relay of relays) relay.terminate();
      await allClosed;
      await serverClosed;
      activity.close();
      state = 'closed';
    },

    issueTicket(sessionId: string, target: BridgeTarget, ticketOptions?: TicketOptions): IssuedTicket {
      if (state !== 'listening') throw new Error('bridge: issueTicket() before start() or after close()');
      const ticket = tickets.issue(sessionId, target, ticketOptions);
      if (ticketOptions?.preconnect && (ticketOptions.security ?? 'bridge') === 'bridge') {
        held.open(ticket, sessionId, ticketOptions.group, target, new RfbSecurityProxy(ticketOptions.password, ticketOptions.eagerHandshake));
      }
      return { ticket, url: `ws://${urlHost(host)}:${port}${TICKET_PATH_PREFIX}${ticket}` };
    },

    revokeSession(sessionId: string) {
      tickets.revokeSession(sessionId);
      held.dropSession(sessionId);
      for (const connection of live.values()) {
        if (connection.grant.sessionId === sessionId) connection.relay.close(CLOSE.sessionEnded, 'session ended');
      }
      activity.forget(sessionId);
    },

    revokeGroup(group: string) {
      tickets.revokeGroup(group);
      held.dropGroup(group);
      for (const connection of live.values()) {
        if (connection.grant.group !== group) continue;
        // No frame follows the close frame; a viewer that does not answer it is dropped after the grace.
        const { relay } = connection;
        relay.close(CLOSE.groupRevoked, 'access revoked');
        const grace = setTimeout(() => relay.terminate(), CLOSE_GRACE_MS);
        void relay.closed.then(() => clearTimeout(grace));
      }
    },

    viewersInGroup(group: string) {
      return [...live.values()].filter((connection) => connection.grant.group === group).length;
    },

    allowOrigin(origin: string) {
      origins.allowedOrigins.add(origin);
    },

    sessionTraffic(sessionId: string) {
      return activity.snapshot(sessionId);
    },

    onActivity(listener: (event: BridgeActivity) => void) {
      return activity.subscribe(listener);
    },
  };
  return bridge;
}

const urlHost = (host: string): string => (host.includes(':') ? `[${host}]` : host);
