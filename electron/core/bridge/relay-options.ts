// What a Relay is given: the two sockets' settings, the handshake parts that may come first, the
// inspector that vets the viewer's bytes, and the callbacks it reports to. Separate from relay.ts so
// that the parts plugged into a relay (RfbClientStream as its inspector) need not import the relay.
import type { WebSocket } from 'ws';
import type { BufferPool } from './buffer-pool';
import type { RfbSecurityProxy } from './rfb-security';
import type { BridgeTarget } from './types';
import type { SignedInConnection } from './upstream';

/** Looks at both byte streams; the view-only filter and input detection plug in here. */
export interface StreamInspector {
  fromServer(chunk: Buffer): void;
  fromViewer(chunk: Buffer): { forward: readonly Buffer[]; input: boolean } | { violation: string };
}

export interface RelayOptions {
  ws: WebSocket;
  target: BridgeTarget;
  highWaterMarkBytes: number;
  connectTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Read buffers shared with the bridge's other connections. */
  pool: BufferPool;
  inspector?: StreamInspector;
  /** The bridge's own end of both security handshakes; absent: the viewer's handshake is relayed. */
  security?: RfbSecurityProxy;
  /** A connection the bridge signed in with, or is signing in with (instead of connecting and `security`). */
  upstream?: SignedInConnection;
  onTraffic(toViewer: number, toTarget: number): void;
  onInput(): void;
  onClosed(code: number, reason: string): void;
}
