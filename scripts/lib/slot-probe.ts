// The optional probe() of a script: why a slot's display or port cannot be used right now, checked
// before the app starts anything there, so that a slot held by something foreign is skipped.
import { createServer } from 'node:net';
import { displayBusyReason, removeStaleDisplayTraces } from './x-display';

export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Why display (when the script starts an X server there) or host:port (when its server listens on
 * TCP) is taken, or undefined. The
 * lock and socket of a display whose server is dead (killed before it could clean up) are removed
 * first; anything alive is only reported, never touched.
 */
export async function slotBusyReason(display: number | undefined, tcp?: { host: string; port: number }): Promise<string | undefined> {
  if (display !== undefined) {
    await removeStaleDisplayTraces(display);
    const busy = await displayBusyReason(display);
    if (busy) return busy;
  }
  if (tcp && !(await isPortFree(tcp.host, tcp.port))) return `port ${tcp.port} is in use`;
  return undefined;
}
