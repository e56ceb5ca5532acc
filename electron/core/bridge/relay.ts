// One viewer <-> one VNC server. Bytes are forwarded both ways with bounded buffers; when one side
// ends, the other is closed only after everything already received has been passed on. Where the
// bridge answers the RFB security handshake itself (rfb-security.ts), that comes first: nothing is
// relayed until the server has accepted the bridge and the viewer has been let in. The timers that
// let go of a dead viewer or a target that never reads are in relay-endings.ts.
import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import { CLOSE, closeReason } from './close-codes';
import { AdaptiveReadBuffer } from './read-buffer';
import { endTargetAfterDrain, ViewerHeartbeat } from './relay-endings';
import type { RelayOptions } from './relay-options';
import type { RfbSecurityProxy, SecurityStep } from './rfb-security';
import { connectVnc } from '../vnc/vnc-socket';

/** How long a refusal by the server waits for the viewer to reach the point where it can be told why. */
const REFUSAL_NOTICE_MS = 2_000;

export class Relay {
  private readonly ws: WebSocket;
  private readonly target: Socket;
  private readonly reads: AdaptiveReadBuffer;
  private targetPaused = false;
  private pinnedExtra = 0;
  private viewerPaused = false;
  private targetConnected = false;
  private closing = false;
  private readonly heartbeat: ViewerHeartbeat;
  private connectTimer: NodeJS.Timeout | null;
  /** Until both security handshakes are through (only where the bridge does them). */
  private security: RfbSecurityProxy | null;
  private noticeTimer: NodeJS.Timeout | null = null;
  readonly closed: Promise<void>;

  constructor(private readonly options: RelayOptions) {
    const { ws, target } = options;
    this.ws = ws;
    this.heartbeat = new ViewerHeartbeat(ws, options.heartbeatIntervalMs, () => this.viewerPaused);
    let markClosed!: () => void;
    this.closed = new Promise((resolve) => (markClosed = resolve));
    const upstream = options.upstream;
    if (upstream) {
      this.reads = upstream.reads;
      this.security = upstream.security;
      this.target = upstream.socket;
      this.targetConnected = !upstream.socket.connecting;
      upstream.redirect((n, buffer) => this.onTargetData(n, buffer));
      // The rest of the server's handshake, if any, gets the same time bound.
      this.connectTimer = upstream.security.serverThrough ? null : this.startConnectTimer();
    } else {
      this.reads = new AdaptiveReadBuffer(options.pool);
      this.security = options.security ?? null;
      this.target = connectVnc(target, {
        noDelay: true,
        onread: { buffer: this.reads.next, callback: (n, buffer) => this.onTargetData(n, buffer) },
      });
      // Where the bridge authenticates, the same time bounds the server's side of the handshake.
      this.connectTimer = this.startConnectTimer();
    }
    this.target.on('connect', () => {
      this.targetConnected = true;
      if (!this.security) this.clearConnectTimer();
    });
    this.target.on('end', () => {
      if (this.security) this.targetGoneDuringHandshake();
      else this.closeViewer(CLOSE.targetClosed, 'target closed');
    });
    this.target.on('error', (error: NodeJS.ErrnoException) => {
      if (this.security?.failurePending) return; // its refusal says more; told once the viewer can hear it
      const what = this.targetConnected ? 'target error' : 'target unreachable';
      this.failTarget(`${what}: ${error.code ?? error.message}`);
    });
    this.target.on('close', () => {
      this.reads.dispose();
      this.clearConnectTimer();
      if (this.security) this.targetGoneDuringHandshake();
      else this.closeViewer(CLOSE.targetError, 'target closed unexpectedly');
    });

    ws.on('message', (data, isBinary) => this.onViewerMessage(data, isBinary));
    ws.on('error', () => {
      // ws closes the connection itself (with 1002/1009 on protocol errors); 'close' follows.
    });
    ws.on('close', (code, reason) => {
      this.closing = true;
      this.heartbeat.stop();
      this.clearConnectTimer();
      this.clearNoticeTimer();
      endTargetAfterDrain(this.target, this.targetPaused);
      options.onClosed(code, reason.toString('utf8'));
      markClosed();
    });

    // What the viewer is owed already (the banner, once signed in) goes at once.
    if (upstream) this.apply({ toViewer: upstream.greeting.splice(0), toServer: [] });
    else if (this.security) this.apply(this.security.start());
  }

  private startConnectTimer(): NodeJS.Timeout {
    return setTimeout(
      () => this.failTarget(this.targetConnected ? 'VNC server did not complete the security handshake in time' : 'target connect timeout'),
      this.options.connectTimeoutMs,
    );
  }

  /** Which side is held back for backpressure, and what is buffered towards each (diagnostics). */
  get flow(): { targetPaused: boolean; viewerPaused: boolean; toViewer: number; toTarget: number } {
    return {
      targetPaused: this.targetPaused,
      viewerPaused: this.viewerPaused,
      toViewer: this.bufferedToViewer,
      toTarget: this.target.writableLength,
    };
  }

  /** Closes the viewer with a code (never a reserved one); the target follows. */
  close(code: number, reason: string): void {
    this.closeViewer(code, reason);
  }

  /** Drops both sockets at once: for a bridge shutting down past its grace period. */
  terminate(): void {
    this.target.destroy();
    this.ws.terminate();
  }

  private onTargetData(n: number, buffer: Uint8Array): boolean {
    if (this.closing) return true;
    this.options.onTraffic(n, 0);
    if (this.security) {
      this.apply(this.security.fromServer(this.reads.peek(n, buffer))); // it keeps copies of what it needs
      return true;
    }
    if (this.bufferedToViewer > 0) {
      // The viewer is behind: this write queues, so its bytes must outlive the read buffer.
      const { chunk, release, pinned } = this.reads.take(n, buffer);
      return this.toViewer(chunk, release, pinned);
    }
    return this.toViewerInPlace(this.reads.peek(n, buffer));
  }

  /**
   * Relays the bytes straight from the read buffer: the socket writes them (frame header and payload
   * in one writev) before send() returns, so the buffer is read into again without a copy or an
   * allocation. Only a write the kernel did not take at once keeps the buffer until it is done.
   */
  private toViewerInPlace(chunk: Buffer): boolean {
    this.options.inspector?.fromServer(chunk);
    let handedOver: (() => void) | null = null;
    this.ws.send(chunk, { binary: true }, () => {
      handedOver?.();
      this.afterViewerWrite();
    });
    if (this.ws.bufferedAmount === 0) return true;
    const { release, pinned } = this.reads.handOver();
    this.pinnedExtra += pinned - chunk.length;
    handedOver = () => {
      this.pinnedExtra -= pinned - chunk.length;
      release?.();
    };
    if (this.bufferedToViewer > this.options.highWaterMarkBytes) {
      this.targetPaused = true;
      return false;
    }
    return true;
  }

  /** Relays bytes from the server to the viewer; false while the viewer is too far behind. */
  private toViewer(chunk: Buffer, release: (() => void) | null, pinned: number): boolean {
    const n = chunk.length;
    this.options.inspector?.fromServer(chunk);
    let written = this.afterViewerWrite;
    if (release) {
      // A handed-over read buffer stays alive until written out, however few bytes it carries.
      this.pinnedExtra += pinned - n;
      written = () => {
        this.pinnedExtra -= pinned - n;
        release();
        this.afterViewerWrite();
      };
    }
    this.ws.send(chunk, { binary: true }, written);
    if (this.bufferedToViewer > this.options.highWaterMarkBytes) {
      this.targetPaused = true;
      return false; // stops reading the target until the viewer has taken some
    }
    return true;
  }

  /** Memory held for the viewer: bytes not yet written out plus the unused part of pinned read buffers. */
  private get bufferedToViewer(): number {
    return this.ws.bufferedAmount + this.pinnedExtra;
  }

  private readonly afterViewerWrite = (): void => {
    if (!this.targetPaused || this.bufferedToViewer > this.options.highWaterMarkBytes / 2) return;
    this.targetPaused = false;
    if (!this.target.destroyed) this.target.resume();
  };

  private onViewerMessage(data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (!isBinary) {
      this.closeViewer(CLOSE.unsupportedData, 'text messages are not VNC');
      return;
    }
    const chunk = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
    this.options.onTraffic(0, chunk.length);
    if (this.security) this.apply(this.security.fromViewer(chunk));
    else this.toTarget(chunk);
  }

  /** Relays bytes from the viewer to the server, through the inspector. */
  private toTarget(chunk: Buffer): void {
    let forward: readonly Buffer[] = [chunk];
    const inspector = this.options.inspector;
    if (inspector) {
      const verdict = inspector.fromViewer(chunk);
      if ('violation' in verdict) {
        this.closeViewer(CLOSE.policy, verdict.violation);
        return;
      }
      forward = verdict.forward;
      if (verdict.input) this.options.onInput();
    }
    for (const part of forward) this.target.write(part);
    if (!this.viewerPaused && this.target.writableLength > this.options.highWaterMarkBytes) {
      this.viewerPaused = true;
      this.ws.pause(); // stops reading the viewer until the target has taken some
      this.target.once('drain', () => {
        this.viewerPaused = false;
        this.ws.resume();
      });
    }
  }

  /** Carries out a step of the security handshakes; once both are through, relaying starts. */
  private apply(step: SecurityStep): void {
    if (this.closing) return;
    for (const bytes of step.toServer) this.target.write(bytes);
    for (const bytes of step.toViewer) this.ws.send(bytes, { binary: true });
    if (step.failure) {
      // Everything sent to the viewer (a 3.8 viewer's SecurityResult with the reason) goes before the close frame.
      this.failTarget(step.failure.reason, step.failure.code);
      return;
    }
    const security = this.security;
    if (!security) return;
    if (step.done) {
      this.security = null;
      this.clearNoticeTimer();
      this.clearConnectTimer();
      const { fromServer, fromViewer } = step.done;
      if (fromServer.length > 0 && !this.toViewer(fromServer, null, fromServer.length)) this.target.pause();
      if (fromViewer.length > 0) this.toTarget(fromViewer);
      return;
    }
    if (security.serverThrough) this.clearConnectTimer();
    if (security.failurePending && this.noticeTimer === null) {
      this.clearConnectTimer();
      this.noticeTimer = setTimeout(() => {
        this.noticeTimer = null;
        if (this.security) this.apply(this.security.abandon());
      }, REFUSAL_NOTICE_MS);
    }
  }

  /** The server hung up before the handshakes were through: a refusal it gave is told, else this. */
  private targetGoneDuringHandshake(): void {
    if (this.security?.failurePending) return; // the notice timer tells the viewer why
    this.failTarget('VNC server closed the connection during the security handshake');
  }

  private failTarget(reason: string, code: number = CLOSE.targetError): void {
    this.target.destroy();
    this.closeViewer(code, reason);
  }

  private closeViewer(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.heartbeat.stop();
    // ws queues the close frame behind every data frame already sent: nothing the target sent is lost.
    this.ws.close(code, closeReason(reason));
    // The viewer's answering close frame must be read, even if we had stopped reading for backpressure.
    if (this.viewerPaused) this.ws.resume();
  }

  private clearNoticeTimer(): void {
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = null;
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }
}
