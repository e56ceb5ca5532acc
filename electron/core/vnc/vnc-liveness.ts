// Whether a VNC server the session does not own still answers, checked every sweep. TigerVNC marks
// an address at every connection it accepts and clears the marks only when one authenticates
// (Blacklist::isBlackmarked at accept, clearBlackmark on success): 5 marks ban the address, and all
// of the bridge's viewers with it, since they come from 127.0.0.1 too. Reading the banner and
// hanging up is such a mark, so the check never leaves one:
// - a server on a loopback address is alive while it listens (seen in /proc/net, no connection);
// - one elsewhere gets a complete handshake with the viewers' password, which the server counts as
//   a success (a refusal still shows that it answers);
// - a Unix socket is only ever Session Deck's own server, run without a blacklist: its banner.
import { probeRfbServer, readRfbBanner } from './rfb-client';
import { listeningAddresses, servesLoopback } from './tcp-listeners';
import type { VncTarget } from './vnc-target';

const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/** A refusal by the server itself (wrong password, its blacklist): it does answer. */
const ANSWERED = /^(authentication failed|server refused|no supported security type)/;

/** Resolves while the server is there; rejects with why not. */
export async function checkVncAlive(target: VncTarget, password: string | undefined, timeoutMs: number): Promise<void> {
  if (target.kind === 'unix') {
    await readRfbBanner(target, timeoutMs);
    return;
  }
  if (isLoopbackHost(target.host)) {
    const addresses = await listeningAddresses(target.port);
    if (addresses !== undefined) {
      if (!addresses.some(servesLoopback)) throw new Error(`nothing listens on ${target.host}:${target.port}`);
      return;
    }
  }
  try {
    await probeRfbServer(target, password, timeoutMs);
  } catch (error) {
    if (!ANSWERED.test((error as Error).message)) throw error;
  }
}
