// The bridge's side of the security handshake towards the VNC server, where the bridge is the client:
// it agrees on a version (3.3, 3.7 or 3.8) and authenticates with VncAuth and the session's password,
// or with None where that is all the server offers. Separate from RfbSecurityProxy (which also
// answers the viewer) because this side needs nothing from the viewer's: the proxy only asks whether
// it is through, why it failed, and what the server sent past its end.
import { vncAuthResponse } from '../vnc/vnc-auth';
import {
  parseRfbVersion,
  printable,
  printableText,
  SECURITY_NONE,
  SECURITY_VNC_AUTH,
  versionForServer,
  type RfbMinor,
} from './rfb-handshake-bytes';

/** A server's failure reason is read up to this length (TigerVNC's are a few dozen bytes). */
const MAX_REASON_BYTES = 4096;
/** What a server may send beyond what its side of the handshake has used so far. */
const MAX_EARLY_SERVER_BYTES = 64 * 1024;

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

export class VncServerHandshake {
  private server: ServerPhase = { at: 'version' };
  private serverMinor: RfbMinor = 8;
  private serverIn = Buffer.alloc(0);
  private failedWith: string | null = null;

  /** password: the VNC server's; undefined when none is known (then only a server without auth works). */
  constructor(private readonly password: string | undefined) {}

  /** Why the server refused or failed the bridge; null while it has not. */
  get failure(): string | null {
    return this.failedWith;
  }

  /** The server has accepted the bridge. */
  get through(): boolean {
    return this.server.at === 'done';
  }

  /** Takes in the server's bytes; what the bridge answers goes to `toServer`. */
  feed(chunk: Buffer, toServer: Buffer[]): void {
    this.serverIn = this.serverIn.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.serverIn, chunk]);
    this.advance(toServer);
    // Past its handshake a server waits for ClientInit; one that keeps talking is not one we can follow.
    if (this.serverIn.length > MAX_EARLY_SERVER_BYTES && this.failedWith === null) this.fails('VNC server sent more than its handshake');
  }

  /** What the server sent past its handshake (ServerInit, ...), handed over once. */
  takeRest(): Buffer {
    const rest = this.serverIn;
    this.serverIn = Buffer.alloc(0);
    return rest;
  }

  private take(n: number): Buffer | null {
    if (this.serverIn.length < n) return null;
    const bytes = this.serverIn.subarray(0, n);
    this.serverIn = this.serverIn.subarray(n);
    return bytes;
  }

  private fails(reason: string): void {
    this.server = { at: 'failed' };
    this.failedWith = reason;
  }

  private advance(toServer: Buffer[]): void {
    for (;;) {
      const phase = this.server;
      switch (phase.at) {
        case 'version': {
          const bytes = this.take(12);
          if (!bytes) return;
          const version = parseRfbVersion(bytes);
          const minor = version && versionForServer(version);
          if (!version) return this.fails(`not a VNC server (it sent ${printable(bytes)})`);
          if (!minor) return this.fails(`VNC server speaks RFB ${version.major}.${version.minor}, older than 3.3`);
          this.serverMinor = minor;
          toServer.push(Buffer.from(`RFB 003.00${minor}\n`, 'latin1'));
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
          toServer.push(Buffer.from([type]));
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
            if (this.password === undefined) return this.fails('VNC server asks for a password, and none is known for this session');
            this.server = { at: 'challenge' };
          } else return this.fails(`VNC server chose security type ${type}, which the bridge does not speak`);
          break;
        }
        case 'challenge': {
          const challenge = this.take(16);
          if (!challenge) return;
          toServer.push(vncAuthResponse(this.password ?? '', challenge));
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
          else return this.fails('VNC server refused the password');
          break;
        }
        case 'reason-length': {
          const bytes = this.take(4);
          if (!bytes) return;
          const length = bytes.readUInt32BE(0);
          if (length > MAX_REASON_BYTES) return this.fails(this.refusal(phase.why, `a ${length}-byte reason`));
          this.server = { at: 'reason', why: phase.why, length };
          break;
        }
        case 'reason': {
          const bytes = this.take(phase.length);
          if (!bytes) return;
          return this.fails(this.refusal(phase.why, printableText(bytes)));
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
      this.fails('VNC server asks for a password, and none is known for this session');
    } else {
      this.fails(`VNC server offers only security types the bridge does not speak (${offered.join(', ')}); it needs VncAuth (2) or None (1)`);
    }
    return null;
  }
}
