// Admission: every check a start passes before it may look for a slot, and the new record, counted
// as live from then on (the caller inserts it in the same synchronous step).
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../shared/errors';
import type { StartRequest } from '../../shared/session';
import { newRecord, type SessionRecord } from './session-record';
import type { SlotAllocator } from './slot-allocator';

const newSessionId = (): string => randomBytes(9).toString('base64url');

export interface AdmissionContext {
  /** Session Deck is shutting down. */
  closing: boolean;
  slots: SlotAllocator;
  userLimit: number;
  /** Live sessions of the user now, the ones still claiming a slot included. */
  live: number;
  user: string;
  now: number;
}

/** The record of an admitted start (claiming); throws the refusal otherwise. */
export function admit(request: StartRequest, context: AdmissionContext): SessionRecord {
  const { slots } = context;
  if (context.closing) throw new ApiError('at_capacity', 'Session Deck is shutting down', { limit: 'shutdown' });
  const entry = slots.get(request.type);
  if (!entry || entry.removed) throw new ApiError('unknown_type', `unknown session type "${request.type}"`);
  if (!entry.allowed) throw new ApiError('not_authorized', entry.notAllowedReason ?? 'not authorized');
  const notInstalled = slots.notInstalled(entry);
  if (notInstalled) throw new ApiError('start_failed', `${entry.config.name}: ${notInstalled}`);
  if (!entry.config.sizes.includes(request.size)) {
    throw new ApiError('bad_request', `size ${request.size} is not offered by "${entry.config.name}" (${entry.config.sizes.join(', ')})`);
  }
  if (context.live >= context.userLimit) throw new ApiError('at_capacity', `At capacity: the user limit of ${context.userLimit} session(s) is reached`, { limit: 'user' });
  const record = newRecord({ id: newSessionId(), type: entry.config.name, size: request.size, user: context.user, now: context.now, lifecycle: { phase: 'claiming' } });
  const label = request.label?.trim();
  if (label) record.label = label;
  // A session keeps the rule of its type as it was when it started.
  if (entry.config.lastViewerGraceMs !== undefined) record.lastViewerGraceMs = entry.config.lastViewerGraceMs;
  return record;
}
