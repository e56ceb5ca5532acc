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
// failed. The relay does the I/O and the timing. (About 360 lines: the two handshakes stay in one
// machine because each side's next step depends on where the other one is.)
import { CLOSE } from './close-codes';
import { vncAuthResponse } from '../vnc/vnc-auth';

export interface SecurityStep {
  toViewer: Buffer[];
  toServer: Buffer[];
  /** Both handshakes are through: what each side sent past its end, to relay on (ClientInit, ...). */
  done?: { fromViewer: Buffer; fromServer: Buffer };
  /** The connection ends: close the viewer with this code and reason. */
  failure?: { code: number; reason: string };
}

const SECURITY_NONE = 1;
const SECURITY_VNC_AUTH = 2;
const VERSION_PATTERN = /^RFB (\d{3})\.(\d{3})\n$/;
/** A server's failure reason is read up to this length (TigerVNC's are a few dozen bytes). */
const MAX_REASON_BYTES = 4096;
/** What a viewer may send ahead of the server's acceptance (ClientInit is one byte). */
const MAX_EARLY_VIEWER_BYTES = 64 * 1024;
/** What a server may send beyond what its side of the handshake has used so far. */
const MAX_EARLY_SERVER_BYTES = 64 * 1024;

type Minor = 3 | 7 | 8;

type ServerPhase =
  | { at: 'version' }
  | { at: 'type-count' }
  | { at: 'types'; count: number }
  | { at: 'type-3.3' }
  | { at: 'challenge' }
  | { at: 'result' }
  | { at: 'reason-length'; why: 'refused' | 'auth' }
  | { at: 'reason'; why: 'refused' | 'auth'; length: number }
  | { at: 'done' }
  | { at: 'failed' };

type ViewerPhase = 'version' | 'choice' | 'awaiting-result' | 'through' | 'failed';

const u32 = (value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
};

/** A 3.8 SecurityResult "failed" with its reason string. */
const failedResult = (reason: string): Buffer => {
  const text = Buffer.from(reason, 'utf8');
  return Buffer.concat([u32(1), u32(text.length), text]);
};

function parseVersion(bytes: Buffer): { major: number; minor: number } | null {
  const match = VERSION_PATTERN.exec(bytes.toString('latin1'));
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/** The version the bridge answers a server with: the highest of 3.3/3.7/3.8 it offers (RFC 6143 §7.1.1). */
function versionForServer(version: { major: number; minor: number }): Minor | null {
  if (version.major > 3) return 8; // RealVNC 4.x/5.x and others announce a higher version and speak 3.8
  if (version.major < 3 || version.minor < 3) return null;
  if (version.minor >= 8) return 8; // 3.8 and 3.889 (Apple)
  if (version.minor === 7) return 7;
  return 3; // 3.4 to 3.6 are 3.3 in all but name
}

const printable = (bytes: Buffer): string => JSON.stringify(bytes.toString('latin1'));

/** A server's reason as one line of text: control characters become spaces. */
const printableText = (bytes: Buffer): string =>
  [...bytes.toString('utf8')]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/ +/g, ' ')
    .trim();

export class RfbSecurityProxy {
  private server: ServerPhase = { at: 'version' };
  private serverMinor: Minor = 8;
  private serverIn = Buffer.alloc(0);
  private viewer: ViewerPhase = 'version';
  private viewerMinor: Minor = 8;
  private viewerIn = Buffer.alloc(0);
  /** The server refused or failed; told to the viewer once it can hear it. */
  private serverFailure: string | null = null;
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
    private readonly password: string | undefined,
    private readonly eager = false,
  ) {}

  /** Nothing to say before the server has spoken (it speaks first, and the viewer hears from the bridge after). */
  start(): SecurityStep {
    return { toViewer: [], toServer: [] };
  }

  /** The server has accepted the bridge (the viewer's side may still be under way). */
  get serverThrough(): boolean {
    return this.server.at === 'done';
  }

  /** True while the server has failed and the viewer has not yet reached the point of hearing why. */
  get failurePending(): boolean {
    return this.serverFailure !== null && !this.finished;
  }

  /** Gives up waiting for the viewer to reach its SecurityResult: the failure, now. */
  abandon(): SecurityStep {
    return this.fail(CLOSE.targetError, this.serverFailure ?? 'handshake abandoned');
  }

  fromServer(chunk: Buffer): SecurityStep {
    const step: SecurityStep = { toViewer: [], toServer: [] };
    if (this.finished) return step;
    this.serverIn = this.serverIn.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.serverIn, chunk]);
    this.advanceServer(step);
    // Past its handshake a server waits for ClientInit; one that keeps talking is not one we can follow.
    if (this.serverIn.length > MAX_EARLY_SERVER_BYTES && this.serverFailure === null) this.serverFails('VNC server sent more than its handshake');
    return this.settle(step);
  }

  fromViewer(chunk: Buffer): SecurityStep {
    const step: SecurityStep = { toViewer: [], toServer: [] };
    if (this.finished) return step;
    this.viewerIn = this.viewerIn.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.viewerIn, chunk]);
    this.advanceViewer(step);
    return this.settle(step);
  }

  // --- towards the VNC server: the bridge is the client ---------------------------------------

  private take(n: number): Buffer | null {
    if (this.serverIn.length < n) return null;
    const bytes = this.serverIn.subarray(0, n);
    this.serverIn = this.serverIn.subarray(n);
    return bytes;
  }

  private serverFails(reason: string): void {
    this.server = { at: 'failed' };
    this.serverFailure = reason;
  }

  private advanceServer(step: SecurityStep): void {
    for (;;) {
      const phase = this.server;
      switch (phase.at) {
        case 'version': {
          const bytes = this.take(12);
          if (!bytes) return;
          const version = parseVersion(bytes);
          const minor = version && versionForServer(version);
          if (!version) return this.serverFails(`not a VNC server (it sent ${printable(bytes)})`);
          if (!minor) return this.serverFails(`VNC server speaks RFB ${version.major}.${version.minor}, older than 3.3`);
          this.serverMinor = minor;
          step.toServer.push(Buffer.from(`RFB 003.00${minor}\n`, 'latin1'));
          this.server = minor === 3 ? { at: 'type-3.3' } : { at: 'type-count' };
          break;
        }
        case 'type-count': {
          const bytes = this.take(1);
          if (!bytes) return;
          const count = bytes[0] ?? 0;
          this.server = count === 0 ? { at: 'reason-length', why: 'refused' } : { at: 'types', count };
          break;
        }
        case 'types': {
          const bytes = this.take(phase.count);
          if (!bytes) return;
          const offered = [...bytes];
          const type = this.chooseType(offered);
          if (type === null) return;
          step.toServer.push(Buffer.from([type]));
          if (type === SECURITY_VNC_AUTH) this.server = { at: 'challenge' };
          else this.server = this.serverMinor === 8 ? { at: 'result' } : { at: 'done' }; // 3.7 sends no result for None
          break;
        }
        case 'type-3.3': {
          const bytes = this.take(4);
          if (!bytes) return;
          const type = bytes.readUInt32BE(0);
          if (type === 0) this.server = { at: 'reason-length', why: 'refused' };
          else if (type === SECURITY_NONE) this.server = { at: 'done' };
          else if (type === SECURITY_VNC_AUTH) {
            if (this.password === undefined) return this.serverFails('VNC server asks for a password, and none is known for this session');
            this.server = { at: 'challenge' };
          } else return this.serverFails(`VNC server chose security type ${type}, which the bridge does not speak`);
          break;
        }
        case 'challenge': {
          const challenge = this.take(16);
          if (!challenge) return;
          step.toServer.push(vncAuthResponse(this.password ?? '', challenge));
          this.server = { at: 'result' };
          break;
        }
        case 'result': {
          const bytes = this.take(4);
          if (!bytes) return;
          if (bytes.readUInt32BE(0) === 0) {
            this.server = { at: 'done' };
            break;
          }
          // Only 3.8 servers say why.
          if (this.serverMinor === 8) this.server = { at: 'reason-length', why: 'auth' };
          else return this.serverFails('VNC server refused the password');
          break;
        }
        case 'reason-length': {
          const bytes = this.take(4);
          if (!bytes) return;
          const length = bytes.readUInt32BE(0);
          if (length > MAX_REASON_BYTES) return this.serverFails(this.refusal(phase.why, `a ${length}-byte reason`));
          this.server = { at: 'reason', why: phase.why, length };
          break;
        }
        case 'reason': {
          const bytes = this.take(phase.length);
          if (!bytes) return;
          return this.serverFails(this.refusal(phase.why, printableText(bytes)));
        }
        case 'done':
        case 'failed':
          return;
      }
    }
  }

  private refusal(why: 'refused' | 'auth', reason: string): string {
    const what = why === 'auth' ? 'VNC server refused the password' : 'VNC server refused the connection';
    return reason ? `${what}: ${reason}` : what;
  }

  /** VncAuth where offered and a password is known, else None; anything else cannot be done here. */
  private chooseType(offered: number[]): number | null {
    if (offered.includes(SECURITY_VNC_AUTH) && this.password !== undefined) return SECURITY_VNC_AUTH;
    if (offered.includes(SECURITY_NONE)) return SECURITY_NONE;
    if (offered.includes(SECURITY_VNC_AUTH)) {
      this.serverFails('VNC server asks for a password, and none is known for this session');
    } else {
      this.serverFails(`VNC server offers only security types the bridge does not speak (${offered.join(', ')}); it needs VncAuth (2) or None (1)`);
    }
    return null;
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
          const version = parseVersion(bytes);
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
    if (!this.viewerGreeted && (this.server.at === 'done' || this.serverFailure !== null)) {
      this.viewerGreeted = true;
      step.toViewer.push(Buffer.from('RFB 003.008\n', 'latin1'));
      if (this.eager) {
        step.toViewer.push(Buffer.from([1, SECURITY_NONE]));
        // A refusal is told after the viewer's choice, as a failed result with the server's reason.
        if (this.serverFailure === null) {
          step.toViewer.push(u32(0));
          this.resultSent = true;
        }
      }
      this.advanceViewer(step); // anything the viewer sent too early
      if (step.failure) return this.finish(step);
    }
    if (this.serverFailure !== null) {
      if (this.viewer === 'awaiting-result') {
        step.toViewer.push(failedResult(this.serverFailure));
        return this.finishFailed(step, this.serverFailure);
      }
      // 3.3 and 3.7 viewers past security can only be told by the close reason.
      if (this.viewer === 'through') return this.finishFailed(step, this.serverFailure);
      return step; // the viewer has not got that far yet: told when it does (or by abandon())
    }
    if (this.server.at !== 'done') return step;
    if (this.viewer === 'awaiting-result') {
      step.toViewer.push(u32(0));
      this.viewer = 'through';
    }
    if (this.viewer !== 'through') return step;
    step.done = { fromViewer: this.viewerIn, fromServer: this.serverIn };
    this.viewerIn = Buffer.alloc(0);
    this.serverIn = Buffer.alloc(0);
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
