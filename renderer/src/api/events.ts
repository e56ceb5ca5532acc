// Checks the shape of an event that arrived as text (Server-Sent Events) before anyone trusts it.
import type { DeckEvent } from '../../../electron/shared/session';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One `data:` payload -> a DeckEvent, or null when it is not one. */
export function parseDeckEvent(data: unknown): DeckEvent | null {
  let value: unknown;
  try {
    value = typeof data === 'string' ? JSON.parse(data) : data;
  } catch {
    return null;
  }
  if (!isObject(value)) return null;
  if (value.kind === 'session' && isObject(value.session) && typeof value.session.id === 'string') {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'traffic' && typeof value.sessionId === 'string' && typeof value.bytesToViewer === 'number' && typeof value.bytesFromViewer === 'number') {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'types' && Array.isArray(value.types)) {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'config' && isObject(value.config) && typeof value.config.file === 'string') {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'settings' && isObject(value.settings)) {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'kiosk' && isObject(value.kiosk) && typeof value.kiosk.phase === 'string') {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'shares' && typeof value.sessionId === 'string' && Array.isArray(value.shares)) {
    return value as unknown as DeckEvent;
  }
  if (value.kind === 'warning' && typeof value.sessionId === 'string' && isObject(value.timer) && typeof value.timer.at === 'number' && typeof value.timer.kind === 'string') {
    return value as unknown as DeckEvent;
  }
  return null;
}
