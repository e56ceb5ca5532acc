// Follows the viewer->server half of an RFB (VNC) connection, so that the bridge itself can enforce
// view-only and notice user input, whatever the client claims. Where the bridge answers the security
// handshake itself (rfb-security.ts) it starts at ClientInit; otherwise it follows the viewer's own
// handshake: protocol versions 3.3, 3.7 and 3.8 with security types None (1) and VncAuth (2).
// Anything it cannot follow ends a view-only connection, and turns a full-control one into a plain
// pass-through (all of it counted as input).
//
// On every connection it drops SetDesktopSize until the viewer has announced the ExtendedDesktopSize
// pseudo-encoding in its current SetEncodings: TigerVNC 1.12's Xvnc aborts on one sent before.
// Which messages there are and how long each is: rfb-client-messages.ts.
import type { StreamInspector } from './relay-options';
import { decideMessage, EXTENDED_DESKTOP_SIZE, MESSAGE_HEAD_BYTES, MSG, type MessageDecision, type Verdict } from './rfb-client-messages';
import { parseRfbVersion, SECURITY_NONE, SECURITY_VNC_AUTH } from './rfb-handshake-bytes';

const SUPPORTED_VERSIONS = new Set([3003, 3007, 3008]);

type Phase =
  | 'version' // 12 bytes "RFB 003.00x\n"
  | 'security-3.3' // the server chose; the client sends nothing for None, 16 bytes for VncAuth
  | 'security' // 1 byte: the security type the client picked (3.7, 3.8)
  | 'vnc-auth' // 16 bytes: DES response to the challenge
  | 'client-init' // 1 byte: shared flag
  | 'messages'
  | 'pass-through';

type Decision = MessageDecision | ({ kind: 'unit'; next: Phase } & Verdict);

/** Looks for one encoding in a SetEncodings body that may arrive in any number of pieces. */
class EncodingScan {
  private readonly carry = Buffer.alloc(4);
  private carried = 0;
  found = false;

  constructor(private readonly wanted: number) {}

  feed(bytes: Buffer): void {
    let at = 0;
    if (this.carried > 0) {
      const n = Math.min(4 - this.carried, bytes.length);
      bytes.copy(this.carry, this.carried, 0, n);
      this.carried += n;
      at = n;
      if (this.carried < 4) return;
      this.found ||= this.carry.readInt32BE(0) === this.wanted;
      this.carried = 0;
    }
    for (; at + 4 <= bytes.length; at += 4) this.found ||= bytes.readInt32BE(at) === this.wanted;
    if (at < bytes.length) {
      bytes.copy(this.carry, 0, at);
      this.carried = bytes.length - at;
    }
  }
}

export interface RfbClientStreamOptions {
  /** The bridge did the security handshake itself: the viewer's stream starts at ClientInit. */
  afterSecurity?: boolean;
}

export type Inspection = ReturnType<StreamInspector['fromViewer']>;

export class RfbClientStream implements StreamInspector {
  private phase: Phase;
  private readonly head = Buffer.alloc(MESSAGE_HEAD_BYTES);
  private headLength = 0;
  /** How much of the head a full-control connection has passed on already. */
  private headForwarded = 0;
  /** Rest of the current message: forwarded or dropped; a SetEncodings body is scanned on the way. */
  private body: { remaining: number; forward: boolean; scan: EncodingScan | null } | null = null;
  private readonly server = Buffer.alloc(16);
  private serverLength = 0;
  /** Whether the viewer's current SetEncodings includes ExtendedDesktopSize (SetEncodings replaces the last). */
  private extendedDesktopSize = false;

  constructor(
    private readonly viewOnly: boolean,
    options: RfbClientStreamOptions = {},
  ) {
    this.phase = options.afterSecurity ? 'client-init' : 'version';
  }

  /** Only the server's version and, for 3.3, its security type matter: the first 16 bytes. */
  fromServer(chunk: Buffer): void {
    if (this.serverLength === this.server.length) return;
    const n = Math.min(chunk.length, this.server.length - this.serverLength);
    chunk.copy(this.server, this.serverLength, 0, n);
    this.serverLength += n;
  }

  /** What of the chunk goes on to the server (full control: all of it but an early SetDesktopSize). */
  fromViewer(chunk: Buffer): Inspection {
    return this.follow(chunk);
  }

  private follow(chunk: Buffer): Inspection {
    const forward: Buffer[] = [];
    let input = false;
    let at = 0;
    /** Whether `forward` is the chunk itself, in order and whole (then it goes on without a copy). */
    let whole = true;
    for (;;) {
      if (this.phase === 'pass-through') {
        if (at < chunk.length) forward.push(chunk.subarray(at));
        input ||= at < chunk.length;
        break;
      }
      if (this.body) {
        if (at === chunk.length) break;
        const n = Math.min(this.body.remaining, chunk.length - at);
        if (this.body.forward) forward.push(chunk.subarray(at, at + n));
        else whole = false;
        this.body.scan?.feed(chunk.subarray(at, at + n));
        this.body.remaining -= n;
        at += n;
        if (this.body.remaining === 0) this.endBody();
        continue;
      }
      // Nothing left to look at (decisions without bytes, as in 3.3 security, wait for the next byte).
      if (at === chunk.length && this.headLength === 0) break;
      // Gather the head of the next unit until its length (and fate) is known.
      const decision = this.decide();
      if (decision.kind === 'need') {
        if (at === chunk.length) break;
        const n = Math.min(decision.bytes - this.headLength, chunk.length - at);
        chunk.copy(this.head, this.headLength, at, at + n);
        this.headLength += n;
        if (this.holdsHead()) whole = false;
        else {
          // Full control passes bytes on as they come, unless the message may be dropped.
          forward.push(chunk.subarray(at, at + n));
          this.headForwarded = this.headLength;
        }
        at += n;
        continue;
      }
      if (decision.kind === 'violation') {
        if (this.viewOnly) return { violation: `view-only: ${decision.reason}` };
        this.phase = 'pass-through';
        if (!this.flushHead(forward)) whole = false;
        input = true;
        continue;
      }
      const { length, input: isInput, next, drop = false } = decision;
      const pass = !drop && !(this.viewOnly && isInput);
      const scan = this.phase === 'messages' && this.head[0] === MSG.setEncodings ? new EncodingScan(EXTENDED_DESKTOP_SIZE) : null;
      this.body = { remaining: Math.max(0, length - this.headLength), forward: pass, scan };
      if (!pass || !this.flushHead(forward)) whole = false;
      if (pass && isInput) input = true;
      this.headLength = 0;
      this.headForwarded = 0;
      this.phase = next;
      if (this.body.remaining === 0) this.endBody();
    }
    if (whole && at === chunk.length) return { forward: chunk.length > 0 ? [chunk] : [], input };
    // A lone tail of a split message is flushed as its own write; merge small pieces into one.
    return { forward: forward.length > 1 ? [Buffer.concat(forward)] : forward, input };
  }

  /**
   * Whether the head being gathered is held back until its message is decided: always on a view-only
   * connection (anything may be dropped or changed), and for a SetDesktopSize that may be dropped.
   */
  private holdsHead(): boolean {
    return this.viewOnly || (this.phase === 'messages' && this.head[0] === MSG.setDesktopSize && !this.extendedDesktopSize);
  }

  /** Passes on the head bytes not yet passed on; false if there were any (they are a copy, not the chunk). */
  private flushHead(forward: Buffer[]): boolean {
    const held = this.headLength - this.headForwarded;
    if (held > 0) forward.push(Buffer.from(this.head.subarray(this.headForwarded, this.headLength)));
    this.headLength = 0;
    this.headForwarded = 0;
    return held === 0;
  }

  /** The end of a message's body: a SetEncodings takes effect. */
  private endBody(): void {
    const scan = this.body?.scan;
    if (scan) this.extendedDesktopSize = scan.found;
    this.body = null;
  }

  private decide(): Decision {
    const need = (bytes: number) => ({ kind: 'need' as const, bytes });
    const violation = (reason: string) => ({ kind: 'violation' as const, reason });
    const unit = (length: number, next: Phase, input = false) => ({ kind: 'unit' as const, length, input, next });
    const head = this.head;
    const have = this.headLength;

    switch (this.phase) {
      case 'version': {
        if (have < 12) return need(12);
        const client = parseVersion(head.subarray(0, 12));
        if (client === null || !SUPPORTED_VERSIONS.has(client)) return violation('unsupported RFB version');
        const server = this.serverLength >= 12 ? parseVersion(this.server.subarray(0, 12)) : null;
        if (server === null) return violation('viewer spoke before the server');
        if (client > server) return violation('viewer claims a newer RFB version than the server');
        return unit(12, client === 3003 ? 'security-3.3' : 'security');
      }
      case 'security-3.3': {
        if (this.serverLength < 16) return violation('viewer spoke before the server chose security');
        const type = this.server.readUInt32BE(12);
        if (type === SECURITY_NONE) return unit(0, 'client-init');
        if (type === SECURITY_VNC_AUTH) return unit(0, 'vnc-auth');
        return violation(`unsupported security type ${type}`);
      }
      case 'security': {
        if (have < 1) return need(1);
        const type = head[0];
        if (type === SECURITY_NONE) return unit(1, 'client-init');
        if (type === SECURITY_VNC_AUTH) return unit(1, 'vnc-auth');
        return violation(`unsupported security type ${type}`);
      }
      case 'vnc-auth':
        return have < 16 ? need(16) : unit(16, 'client-init');
      case 'client-init':
        if (have < 1) return need(1);
        // A view-only viewer must not be able to ask for exclusive access and kick the others out.
        if (this.viewOnly) head[0] = 1;
        return unit(1, 'messages');
      case 'messages':
        return decideMessage(head, have, this.extendedDesktopSize);
      case 'pass-through':
        return violation('pass-through');
    }
  }
}

/** A version banner as one number (3.8 is 3008), or null if it is not one. */
function parseVersion(bytes: Buffer): number | null {
  const version = parseRfbVersion(bytes);
  return version ? version.major * 1000 + version.minor : null;
}
