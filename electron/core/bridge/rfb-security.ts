// The bridge's own end of both RFB security handshakes, so that no viewer ever needs, or learns, a
// VNC password (as Guacamole does it). Towards the VNC server the bridge is the client: it agrees on
// a version (3.3, 3.7 or 3.8) and authenticates with VncAuth and the session's password, or with None
// where that is all the server offers. Towards the viewer it is the server, once the server has
// answered (accepted or refused the bridge): RFB 3.8 (a viewer may answer 3.7 or 3.3), security type
// None only, then SecurityResult OK, or for a refusal a failed one with the server's reason, which
// noVNC shows and does not retry. From ClientInit on everything is relayed (and vetted by RfbClientStream).
// For a viewer known to answer 3.8 (`eager`: Session Deck's own noVNC), the bridge's banner, its one
// security type and, once the server has accepted it, SecurityResult OK go at once, each its own
// message: two round trips with the browser fewer before the first frame; every answer is still
// checked, and a viewer answering anything but 3.8 and None is closed.
//
// A pure state machine: bytes in from either side, what to send to each, and when it is done or has
// failed. The relay does the I/O and the timing. The server's side is VncServerHandshake; this class
// answers the viewer and decides, from where both sides are, what the viewer hears and when.
import { CLOSE } from './close-codes';
import { failedResult, parseRfbVersion, printable, SECURITY_NONE, u32, type RfbMinor } from './rfb-handshake-bytes';
import { VncServerHandshake } from './vnc-server-handshake';

export interface SecurityStep {
  toViewer: Buffer[];
  toServer: Buffer[];
  /** Both handshakes are through: what each side sent past its end, to relay on (ClientInit, ...). */
  done?: { fromViewer: Buffer; fromServer: Buffer };
  /** The connection ends: close the viewer with this code and reason. */
  failure?: { code: number; reason: string };
}

/** What a viewer may send ahead of the server's acceptance (ClientInit is one byte). */
const MAX_EARLY_VIEWER_BYTES = 64 * 1024;

type ViewerPhase = 'version' | 'choice' | 'awaiting-result' | 'through' | 'failed';

export class RfbSecurityProxy {
  /** Its failure, if any, is told to the viewer once the viewer can hear it. */
  private readonly server: VncServerHandshake;
  private viewer: ViewerPhase = 'version';
  private viewerMinor: RfbMinor = 8;
  private viewerIn = Buffer.alloc(0);
  /** The viewer hears the bridge's banner once the server has accepted or refused the bridge. */
  private viewerGreeted = false;
  /** SecurityResult OK went out before the viewer's answers (eager). */
  private resultSent = false;
  private finished = false;

  /**
   * password: the VNC server's; undefined when none is known (then only a server without auth works).
   * eager: the viewer answers RFB 3.8, so the bridge's side of its handshake is sent without waiting.
   */
  constructor(
    password: string | undefined,
    private readonly eager = false,
  ) {
    this.server = new VncServerHandshake(password);
  }

  /** Nothing to say before the server has spoken (it speaks first, and the viewer hears from the bridge after). */
  start(): SecurityStep {
    return { toViewer: [], toServer: [] };
  }

  /** The server has accepted the bridge (the viewer's side may still be under way). */
  get serverThrough(): boolean {
    return this.server.through;
  }

  /** True while the server has failed and the viewer has not yet reached the point of hearing why. */
  get failurePending(): boolean {
    return this.server.failure !== null && !this.finished;
  }

  /** Gives up waiting for the viewer to reach its SecurityResult: the failure, now. */
  abandon(): SecurityStep {
    return this.fail(CLOSE.targetError, this.server.failure ?? 'handshake abandoned');
  }

  fromServer(chunk: Buffer): SecurityStep {
    const step: SecurityStep = { toViewer: [], toServer: [] };
    if (this.finished) return step;
    this.server.feed(chunk, step.toServer);
    return this.settle(step);
  }

  fromViewer(chunk: Buffer): SecurityStep {
    const step: SecurityStep = { toViewer: [], toServer: [] };
    if (this.finished) return step;
    this.viewerIn = this.viewerIn.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.viewerIn, chunk]);
    this.advanceViewer(step);
    return this.settle(step);
  }

  // --- towards the viewer: the bridge is the server ----------------------------------------------

  private advanceViewer(step: SecurityStep): void {
    if (!this.viewerGreeted) {
      // A viewer must wait for the version it is offered; what it sends meanwhile waits too (bounded).
      if (this.viewerIn.length > MAX_EARLY_VIEWER_BYTES) {
        this.viewer = 'failed';
        step.failure = { code: CLOSE.policy, reason: 'viewer sent too much before the VNC server accepted the bridge' };
      }
      return;
    }
    for (;;) {
      switch (this.viewer) {
        case 'version': {
          if (this.viewerIn.length < 12) return;
          const bytes = this.viewerIn.subarray(0, 12);
          this.viewerIn = this.viewerIn.subarray(12);
          const version = parseRfbVersion(bytes);
          const minor = version?.major === 3 ? version.minor : -1;
          if (minor !== 3 && minor !== 7 && minor !== 8) {
            this.viewer = 'failed';
            step.failure = { code: CLOSE.policy, reason: `viewer answered with an RFB version the bridge does not speak (${printable(bytes)})` };
            return;
          }
          this.viewerMinor = minor;
          if (this.eager) {
            if (minor !== 8) {
              this.viewer = 'failed';
              step.failure = { code: CLOSE.policy, reason: `viewer answered RFB 3.${minor}; this connection speaks 3.8 only` };
              return;
            }
            this.viewer = 'choice'; // its security types went with the banner
          } else if (minor === 3) {
            // The server decides in 3.3, and None has no SecurityResult there.
            step.toViewer.push(u32(SECURITY_NONE));
            this.viewer = 'through';
          } else {
            step.toViewer.push(Buffer.from([1, SECURITY_NONE]));
            this.viewer = 'choice';
          }
          break;
        }
        case 'choice': {
          if (this.viewerIn.length < 1) return;
          const type = this.viewerIn[0] ?? 0;
          this.viewerIn = this.viewerIn.subarray(1);
          if (type !== SECURITY_NONE) {
            const reason = `viewer chose security type ${type}; the bridge offers None (1) only`;
            if (this.viewerMinor === 8 && !this.resultSent) step.toViewer.push(failedResult(reason));
            this.viewer = 'failed';
            step.failure = { code: CLOSE.policy, reason };
            return;
          }
          // 3.8 waits for a SecurityResult (sent once the server accepted the bridge); 3.7 goes straight on.
          this.viewer = this.viewerMinor === 8 && !this.resultSent ? 'awaiting-result' : 'through';
          break;
        }
        case 'awaiting-result':
        case 'through':
          if (this.viewerIn.length > MAX_EARLY_VIEWER_BYTES) {
            this.viewer = 'failed';
            step.failure = { code: CLOSE.policy, reason: 'viewer sent too much before the VNC server accepted the bridge' };
          }
          return;
        case 'failed':
          return;
      }
    }
  }

  // --- both sides ---------------------------------------------------------------------------------

  /** Finishes the step: the viewer's result once the server is through, the failure once it can be told. */
  private settle(step: SecurityStep): SecurityStep {
    if (step.failure) return this.finish(step);
    if (!this.viewerGreeted && (this.server.through || this.server.failure !== null)) {
      this.viewerGreeted = true;
      step.toViewer.push(Buffer.from('RFB 003.008\n', 'latin1'));
      if (this.eager) {
        step.toViewer.push(Buffer.from([1, SECURITY_NONE]));
        // A refusal is told after the viewer's choice, as a failed result with the server's reason.
        if (this.server.failure === null) {
          step.toViewer.push(u32(0));
          this.resultSent = true;
        }
      }
      this.advanceViewer(step); // anything the viewer sent too early
      if (step.failure) return this.finish(step);
    }
    if (this.server.failure !== null) {
      if (this.viewer === 'awaiting-result') {
        step.toViewer.push(failedResult(this.server.failure));
        return this.finishFailed(step, this.server.failure);
      }
      // 3.3 and 3.7 viewers past security can only be told by the close reason.
      if (this.viewer === 'through') return this.finishFailed(step, this.server.failure);
      return step; // the viewer has not got that far yet: told when it does (or by abandon())
    }
    if (!this.server.through) return step;
    if (this.viewer === 'awaiting-result') {
      step.toViewer.push(u32(0));
      this.viewer = 'through';
    }
    if (this.viewer !== 'through') return step;
    step.done = { fromViewer: this.viewerIn, fromServer: this.server.takeRest() };
    this.viewerIn = Buffer.alloc(0);
    return this.finish(step);
  }

  private finishFailed(step: SecurityStep, reason: string): SecurityStep {
    step.failure = { code: CLOSE.targetError, reason };
    return this.finish(step);
  }

  private fail(code: number, reason: string): SecurityStep {
    return this.finish({ toViewer: [], toServer: [], failure: { code, reason } });
  }

  private finish(step: SecurityStep): SecurityStep {
    this.finished = true;
    return step;
  }
}
