// A real Xvnc asking for VncAuth behind a started bridge, and RFB viewers signed in through it: the
// set-up shared by the bridge's tests against a real server. The bridge answers the VncAuth; its
// viewers get in with security None after their ticket.
import { createBridge } from '../bridge';
import type { Bridge } from '../types';
import { RfbClient } from './rfb-client';
import { closeOf, connectViewer } from './viewer-client';
import { startXvnc, type TestXvnc } from './xvnc';

export interface BridgedXvnc {
  xvnc: TestXvnc;
  bridge: Bridge;
  /** A viewer through a fresh ticket for `sessionId`, past the RFB handshake (ClientInit shared unless told). */
  viewer(options?: { viewOnly?: boolean; shared?: boolean }): Promise<RfbClient>;
  /** Closes a viewer's WebSocket and waits until it is closed. */
  leave(client: RfbClient): Promise<void>;
  /** Closes the bridge, then stops Xvnc. */
  close(): Promise<void>;
}

export async function startBridgedXvnc(options: { password: string; sessionId: string; geometry?: string }): Promise<BridgedXvnc> {
  const xvnc = await startXvnc(options.geometry ?? '800x600', { password: options.password });
  const bridge = createBridge({ allowedOrigins: [], allowMissingOrigin: true });
  try {
    await bridge.start();
  } catch (error) {
    await xvnc.stop();
    throw error;
  }
  const target = { host: '127.0.0.1', port: xvnc.rfbPort };
  return {
    xvnc,
    bridge,
    async viewer({ viewOnly = false, shared = true } = {}) {
      const ticket = bridge.issueTicket(options.sessionId, target, { viewOnly, shared: true, password: options.password });
      const client = new RfbClient(await connectViewer(ticket.url));
      await client.handshake(shared);
      return client;
    },
    async leave(client) {
      const closed = closeOf(client.ws);
      client.ws.close(1000);
      await closed;
    },
    async close() {
      await bridge.close();
      await xvnc.stop();
    },
  };
}
