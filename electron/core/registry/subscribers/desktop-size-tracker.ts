// Keeps each running session's current desktop size: a size watch (its own small RFB connection)
// per session whose server the session owns, opened when it is ready and closed when it ends. A
// server the session does not own (external) is not watched: a connection it refuses could count
// towards its blacklist.
import type { EventHub } from '../event-hub';
import type { SessionEvent } from '../session-events';
import type { VncTarget } from '../session-record';
import { watchDesktopSize, type DesktopSizeWatch } from '../../vnc/desktop-size-watch';

export interface DesktopSizeTrackerOptions {
  events: EventHub<SessionEvent>;
  /** The server and password of a running session whose server it owns; undefined otherwise. */
  ownedTarget(id: string): { target: VncTarget; password: string } | undefined;
  noteSize(id: string, size: string): void;
  log(line: string): void;
  watch?: typeof watchDesktopSize;
}

export function attachDesktopSizeTracker(options: DesktopSizeTrackerOptions): void {
  const watch = options.watch ?? watchDesktopSize;
  const watches = new Map<string, Promise<DesktopSizeWatch | undefined>>();
  const open = (id: string) => {
    const owned = options.ownedTarget(id);
    if (!owned || watches.has(id)) return;
    const opening = watch(owned.target, owned.password, (width, height) => options.noteSize(id, `${width}x${height}`)).then(
      (handle) => {
        void handle.ended.then((why) => {
          if (why !== 'closed') options.log(`session ${id}: no longer following its desktop size (${why})`);
        });
        return handle;
      },
      (error: Error) => void options.log(`session ${id}: cannot follow its desktop size: ${error.message}`),
    );
    watches.set(id, opening);
  };
  const close = (id: string) => {
    const opening = watches.get(id);
    watches.delete(id);
    void opening?.then((handle) => handle?.close());
  };
  options.events.on((event) => {
    if (event.kind === 'ready') open(event.session.id);
    else if (event.kind === 'ending' || event.kind === 'ended') close(event.session.id);
  });
}
