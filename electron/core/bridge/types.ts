// Public types of the WebSocket<->TCP bridge. The engine issues tickets; noVNC connects with them.
import type { VncTarget } from '../vnc/vnc-target';
import type { MaxStartups } from './startups';

/** The VNC server a ticket leads to: TCP host and port, or the Unix socket of a local server. */
export type BridgeTarget = VncTarget;

export interface BridgeOptions {
  /** Listen address; default '127.0.0.1'. Anything that is not a loopback address is refused. */
  host?: string;
  /** Listen port; default 0 = ephemeral. */
  port?: number;
  /** Exact Origin header values allowed (e.g. 'http://127.0.0.1:8080', 'app://session-deck'). */
  allowedOrigins: readonly string[];
  /** Allow upgrades without an Origin header (non-browser clients: tests, Node). Default false. */
  allowMissingOrigin?: boolean;
  /** Time a client has to send its whole HTTP upgrade request after connecting. Default 3 s. */
  handshakeTimeoutMs?: number;
  /** Lifetime of an unused ticket. Default 60 s. */
  ticketTtlMs?: number;
  /** How long a connection signed in for a `preconnect` ticket waits for its viewer. Default 15 s (never past the ticket's lifetime). */
  preconnectHoldMs?: number;
  /** Time to connect to the VNC server and, where the bridge authenticates, to get through its security handshake. Default 10 s. */
  targetConnectTimeoutMs?: number;
  /** Largest WebSocket message accepted from a viewer. Default 4 MiB (large clipboard texts). */
  maxMessageBytes?: number;
  /** Bytes buffered towards either peer before the other side is paused. Default 2 MiB. */
  highWaterMarkBytes?: number;
  /** Ping interval; a viewer that has not answered the previous ping is dropped. Default 30 s; 0 = off. */
  heartbeatIntervalMs?: number;
  /** How often 'traffic' and 'input' activity events are emitted at most, per session. Default 1 s. */
  activityIntervalMs?: number;
  /** Open sockets (viewers and pending handshakes) accepted at once. Default 256. */
  maxConnections?: number;
  /**
   * Connections that have not sent their upgrade yet, like OpenSSH's MaxStartups start:rate:full
   * (see startups.ts). Default start = maxConnections / 8, rate 30 %, full = maxConnections / 2.
   */
  maxStartups?: MaxStartups;
}

export interface TicketOptions {
  /** Key, pointer, clipboard and desktop-resize messages are dropped by the bridge. */
  viewOnly?: boolean;
  /**
   * Who answers the VNC server's security handshake. 'bridge' (the default): the bridge itself, with
   * VncAuth and `password` (or None where that is all the server offers), while the viewer is offered
   * security None after its ticket; no viewer needs, or learns, a VNC password. 'viewer': the viewer's
   * own handshake is relayed untouched (raw TCP targets in tests and benchmarks).
   */
  security?: 'bridge' | 'viewer';
  /** The VNC server's password, for security 'bridge'. Kept in memory with the ticket, never in its URL. */
  password?: string;
  /**
   * Whether this viewer may share the session with viewers already connected. When false (the
   * default), connecting with this ticket closes the session's other viewers (code 4001).
   */
  shared?: boolean;
  /**
   * A name for a set of tickets and the connections made with them (a share link's viewers): they
   * are counted and cut off together (viewersInGroup, revokeGroup).
   */
  group?: string;
  /**
   * Security 'bridge' only: sign in to the VNC server now, so that this ticket's viewer finds the
   * server's handshake done (it costs the viewer nothing then). The connection is this ticket's
   * alone, held for at most `preconnectHoldMs` (and dropped with the ticket's session or group);
   * one that does not sign in is dropped and the viewer's connection made as without it.
   */
  preconnect?: boolean;
  /**
   * Security 'bridge' only: the viewer is one that answers RFB 3.8 (noVNC does): the bridge sends its
   * banner, its security type and its result at once rather than one per answer, two round trips
   * with the viewer fewer. A viewer that answers another version is closed (1008).
   */
  eagerHandshake?: boolean;
}

export interface IssuedTicket {
  ticket: string;
  url: string;
}

/** Why an upgrade was refused. Unknown, reused and revoked tickets are indistinguishable on purpose. */
export type RejectReason =
  | 'not_websocket'
  | 'bad_path'
  | 'bad_handshake'
  | 'origin_not_allowed'
  /** Subprotocols were offered, but not `binary` (e.g. only websockify's `base64`). */
  | 'subprotocol_unsupported'
  | 'unknown_ticket'
  | 'expired_ticket'
  | 'handshake_timeout'
  /** Dropped before its upgrade while many connections had not sent theirs (see maxStartups). */
  | 'too_many_startups'
  | 'bridge_closing';

interface ActivityBase {
  /** Epoch milliseconds. */
  at: number;
}

export type BridgeActivity =
  | (ActivityBase & {
      kind: 'viewer_connected';
      sessionId: string;
      connectionId: number;
      viewOnly: boolean;
      viewers: number;
    })
  | (ActivityBase & {
      kind: 'viewer_disconnected';
      sessionId: string;
      connectionId: number;
      /** Close code sent or received on the WebSocket (1006 when the viewer vanished). */
      code: number;
      reason: string;
      viewers: number;
    })
  /** Bytes since the previous traffic event of this session. */
  | (ActivityBase & { kind: 'traffic'; sessionId: string; toViewer: number; toTarget: number })
  /** Key, pointer or clipboard input reached the VNC server (throttled per session; never view-only). */
  | (ActivityBase & { kind: 'input'; sessionId: string })
  /** A refused upgrade; sessionId is set when the ticket was known. */
  | (ActivityBase & { kind: 'ticket_rejected'; sessionId: string | null; reason: RejectReason });

export type BridgeActivityKind = BridgeActivity['kind'];

/** Per-session accounting, totals since the session's first viewer connected. */
export interface SessionTraffic {
  sessionId: string;
  toViewer: number;
  toTarget: number;
  viewers: number;
  /** Epoch milliseconds of the last key/pointer/clipboard message, or null. */
  lastInputAt: number | null;
  /** Epoch milliseconds of the last byte either way, or null. */
  lastTrafficAt: number | null;
}

export interface Bridge {
  start(): Promise<void>;
  /** Closes all connections (code 1001) and the listener. */
  close(): Promise<void>;
  /** Valid after start(). */
  readonly port: number;
  /** Single-use ticket, 256 random bits (base64url), bound to one session and target. */
  issueTicket(sessionId: string, target: BridgeTarget, options?: TicketOptions): IssuedTicket;
  /** Revokes every ticket of the session and closes its live connections (code 4000). */
  revokeSession(sessionId: string): void;
  /** Revokes the group's unused tickets and closes its live connections (code 4003). */
  revokeGroup(group: string): void;
  /** Live connections made with tickets of the group. */
  viewersInGroup(group: string): number;
  /** Lets pages of one more origin open viewers (an origin known only later, e.g. a share page's). */
  allowOrigin(origin: string): void;
  /** Traffic totals of a session; null once revoked or if no viewer ever connected to it. */
  sessionTraffic(sessionId: string): SessionTraffic | null;
  onActivity(listener: (event: BridgeActivity) => void): () => void;
}
