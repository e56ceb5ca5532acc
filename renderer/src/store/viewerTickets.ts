// Viewer tickets asked for as soon as a session's viewer is about to mount (the store knows a render
// before React does), so the ticket's round trip, and the bridge's sign-in to the server that the
// ticket sets off, overlap the viewer's first render instead of following it. A ticket is for one
// first connect: taken once, or dropped when it is older than a viewer would wait for it.
import type { SessionDeckApi } from '../../../electron/shared/api';
import type { ViewerAccess } from '../../../electron/shared/session';

/** Older than this, a prefetched ticket is not handed out: the viewer asks for its own. */
export const PREFETCHED_TICKET_MAX_AGE_MS = 10_000;

export interface ViewerTickets {
  /** Asks for a (not view-only) ticket for the session now, unless one is waiting already. */
  prefetch(sessionId: string): void;
  /** The waiting ticket for the session's first connect, once; undefined if none (or too old). */
  take(sessionId: string): Promise<ViewerAccess> | undefined;
}

interface Waiting {
  ticket: Promise<ViewerAccess>;
  askedAt: number;
}

export function createViewerTickets(api: Pick<SessionDeckApi, 'openViewer'>, now: () => number = Date.now): ViewerTickets {
  const waiting = new Map<string, Waiting>();
  const fresh = (entry: Waiting | undefined): entry is Waiting => entry !== undefined && now() - entry.askedAt < PREFETCHED_TICKET_MAX_AGE_MS;

  return {
    prefetch(sessionId) {
      if (fresh(waiting.get(sessionId))) return;
      const ticket = api.openViewer(sessionId, { viewOnly: false });
      // Nobody may take it; its failure is reported by the connect that does.
      ticket.catch(() => undefined);
      waiting.set(sessionId, { ticket, askedAt: now() });
    },
    take(sessionId) {
      const entry = waiting.get(sessionId);
      waiting.delete(sessionId);
      return fresh(entry) ? entry.ticket : undefined;
    },
  };
}
