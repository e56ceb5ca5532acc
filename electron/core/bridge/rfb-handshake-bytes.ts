// The RFB handshake's vocabulary, shared by the bridge's two ends of the security handshake and by the
// viewer-stream follower: security type numbers, version banners, SecurityResult bytes and how a
// server's words are quoted. Separate so that each state machine reads as its steps, not its bytes.

export const SECURITY_NONE = 1;
export const SECURITY_VNC_AUTH = 2;
const VERSION_PATTERN = /^RFB (\d{3})\.(\d{3})\n$/;

/** The three RFB 3.x versions there are (3.3, 3.7, 3.8), by minor number. */
export type RfbMinor = 3 | 7 | 8;

export const u32 = (value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value, 0);
  return b;
};

/** A 3.8 SecurityResult "failed" with its reason string. */
export const failedResult = (reason: string): Buffer => {
  const text = Buffer.from(reason, 'utf8');
  return Buffer.concat([u32(1), u32(text.length), text]);
};

/** A 12-byte ProtocolVersion ("RFB 003.008\n"), or null if it is not one. */
export function parseRfbVersion(bytes: Buffer): { major: number; minor: number } | null {
  const match = VERSION_PATTERN.exec(bytes.toString('latin1'));
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

/** The version the bridge answers a server with: the highest of 3.3/3.7/3.8 it offers (RFC 6143 §7.1.1). */
export function versionForServer(version: { major: number; minor: number }): RfbMinor | null {
  if (version.major > 3) return 8; // RealVNC 4.x/5.x and others announce a higher version and speak 3.8
  if (version.major < 3 || version.minor < 3) return null;
  if (version.minor >= 8) return 8; // 3.8 and 3.889 (Apple)
  if (version.minor === 7) return 7;
  return 3; // 3.4 to 3.6 are 3.3 in all but name
}

/** Bytes a peer sent, quoted for an error message. */
export const printable = (bytes: Buffer): string => JSON.stringify(bytes.toString('latin1'));

/** A server's reason as one line of text: control characters become spaces. */
export const printableText = (bytes: Buffer): string =>
  [...bytes.toString('utf8')]
    .map((c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c))
    .join('')
    .replace(/ +/g, ' ')
    .trim();
