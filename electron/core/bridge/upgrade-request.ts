// Vets an HTTP upgrade request before anything else happens: path, WebSocket handshake headers,
// Origin and subprotocol. The ticket itself is redeemed by the bridge afterwards.
import type { IncomingMessage } from 'node:http';
import { TICKET_PATTERN } from './tickets';
import type { RejectReason } from './types';

/** Chosen when offered; an upgrade offering none is binary too (what stock noVNC and websockify's clients send). */
export const SUBPROTOCOL = 'binary';
export const TICKET_PATH_PREFIX = '/vnc/';

export interface OriginPolicy {
  allowedOrigins: ReadonlySet<string>;
  allowMissingOrigin: boolean;
}

export type UpgradeCheck =
  | { ok: true; ticket: string }
  | { ok: false; reason: RejectReason; status: number };

const KEY_PATTERN = /^[+/0-9A-Za-z]{22}==$/;

function refuse(reason: RejectReason, status: number): UpgradeCheck {
  return { ok: false, reason, status };
}

export function offeredSubprotocols(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

export function checkUpgradeRequest(req: IncomingMessage, policy: OriginPolicy): UpgradeCheck {
  const upgrade = req.headers.upgrade;
  if (req.method !== 'GET' || typeof upgrade !== 'string' || upgrade.toLowerCase() !== 'websocket') {
    return refuse('not_websocket', 400);
  }
  const key = req.headers['sec-websocket-key'];
  if (req.headers['sec-websocket-version'] !== '13' || typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    return refuse('bad_handshake', 400);
  }

  const origin = req.headers.origin;
  if (origin === undefined ? !policy.allowMissingOrigin : !policy.allowedOrigins.has(origin)) {
    return refuse('origin_not_allowed', 403);
  }

  // Offers without `binary` (websockify's `base64` text framing, anything else) cannot carry RFB here.
  const offered = offeredSubprotocols(req.headers['sec-websocket-protocol']);
  if (offered.length > 0 && !offered.includes(SUBPROTOCOL)) return refuse('subprotocol_unsupported', 400);

  const url = req.url ?? '';
  if (!url.startsWith(TICKET_PATH_PREFIX)) return refuse('bad_path', 404);
  const ticket = url.slice(TICKET_PATH_PREFIX.length);
  // A malformed ticket is just an unknown one: same answer, no hint.
  if (!TICKET_PATTERN.test(ticket)) return refuse('unknown_ticket', 403);
  return { ok: true, ticket };
}
