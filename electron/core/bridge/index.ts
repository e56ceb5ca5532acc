// The bridge's public surface.
export { createBridge, BRIDGE_DEFAULTS } from './bridge';
export { CLOSE } from './close-codes';
export { SUBPROTOCOL, TICKET_PATH_PREFIX } from './upgrade-request';
export type {
  Bridge,
  BridgeActivity,
  BridgeActivityKind,
  BridgeOptions,
  BridgeTarget,
  IssuedTicket,
  RejectReason,
  SessionTraffic,
  TicketOptions,
} from './types';
export type { MaxStartups } from './startups';
