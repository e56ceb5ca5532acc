// The optional probe() of a script: why a slot's display or port cannot be used right now, checked
// before the app starts anything there, so that a slot held by something foreign is skipped.
import { createServer } from 'node:net';
import { displayBusyReason } from './x-display';

export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Why display (when the script starts an X server there) or host:port is taken, or undefined. */
export async function slotBusyReason(display: number | undefined, host: string, port: number): Promise<string | undefined> {
  if (display !== undefined) {
    const busy = await displayBusyReason(display);
    if (busy) return busy;
  }
  if (!(await isPortFree(host, port))) return `port ${port} is in use`;
  return undefined;
}
