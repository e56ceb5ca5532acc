// WebSocket close codes the bridge sends. Reserved codes (1005, 1006, 1015) never go on the wire.
export const CLOSE = {
  /** The VNC server closed the connection; everything it sent was delivered first. */
  targetClosed: 1000,
  bridgeClosing: 1001,
  /** A text message: VNC is binary only. */
  unsupportedData: 1003,
  /** The viewer broke the rules (a view-only viewer sent something the bridge cannot vet). */
  policy: 1008,
  /** The VNC server refused, reset or timed out. */
  targetError: 1011,
  /** The session ended (revokeSession). */
  sessionEnded: 4000,
  /** A non-shared viewer of the same session connected. */
  replaced: 4001,
  /** The viewer did not answer a heartbeat ping. */
  heartbeatTimeout: 4002,
  /** The ticket's group was revoked (a share link ended). */
  groupRevoked: 4003,
} as const;

/** Close reasons are limited to 123 bytes of UTF-8 by the protocol. */
export function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= 123) return text;
  return bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '...';
}
