// Follows the registry's session events: pictures from the moment a session is ready (also a
// re-adopted one) until it starts ending.
import type { EventHub } from '../registry/event-hub';
import type { SessionEvent } from '../registry/session-events';
import type { VncTarget } from '../vnc/vnc-target';
import type { ThumbnailService } from './thumbnail-service';

export interface ThumbnailWiring {
  events: EventHub<SessionEvent>;
  service: ThumbnailService;
  /** The running session's VNC target and password (throws for a session not running). */
  viewerTarget(id: string): { target: VncTarget; password: string };
  log(line: string): void;
}

export function attachThumbnails({ events, service, viewerTarget, log }: ThumbnailWiring): () => void {
  return events.on((event) => {
    if (event.kind === 'refused') return;
    const id = event.session.id;
    if (event.kind === 'ending' || event.kind === 'ended') service.unwatch(id);
    if (event.kind !== 'ready') return;
    try {
      const { target, password } = viewerTarget(id);
      service.watch(id, target, password);
    } catch (error) {
      log(`thumbnails of ${id}: ${(error as Error).message}`);
    }
  });
}
