// One viewer connection: fetch a single-use ticket, hand it to noVNC, report the state as it moves.
// noVNC itself is injected (createRfb), so this logic runs in tests without a browser.
import type { SessionDeckApi } from '../../../electron/shared/api';

export type ViewerState = 'connecting' | 'connected' | 'disconnected';

export interface ViewerStatus {
  state: ViewerState;
  /** What the user reads next to the viewer. */
  detail: string;
  /** True when the connection ended because of an error rather than a normal close. */
  failed: boolean;
}

/** The part of noVNC's RFB this module drives. */
export interface RfbLike {
  scaleViewport: boolean;
  focus(): void;
  disconnect(): void;
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

export type RfbFactory = (
  target: HTMLElement,
  url: string,
  options: { credentials: { password: string }; wsProtocols: string[] },
) => RfbLike;

export interface ViewerConnectionOptions {
  api: Pick<SessionDeckApi, 'openViewer'>;
  sessionId: string;
  target: HTMLElement;
  createRfb: RfbFactory;
  onStatus: (status: ViewerStatus) => void;
}

const detailOf = (event: Event): Record<string, unknown> => {
  const detail = (event as CustomEvent<unknown>).detail;
  return typeof detail === 'object' && detail !== null ? (detail as Record<string, unknown>) : {};
};

/** Starts connecting; returns a function that closes the connection and silences further reports. */
export function openViewerConnection(options: ViewerConnectionOptions): () => void {
  const { api, sessionId, target, createRfb, onStatus } = options;
  let closed = false;
  let rfb: RfbLike | null = null;
  let ended = false;
  let failure: string | null = null;
  let closedByUs = false;

  const report = (status: ViewerStatus) => {
    if (!closed) onStatus(status);
  };

  const onConnect = () => {
    report({ state: 'connected', detail: 'Connected', failed: false });
    // Typing should reach the session without an extra click.
    rfb?.focus();
  };
  const onSecurityFailure = (event: Event) => {
    const { reason } = detailOf(event);
    failure = `Authentication failed${typeof reason === 'string' && reason ? `: ${reason}` : ''}`;
  };
  const onCredentialsRequired = () => {
    failure = 'The desktop asked for credentials this viewer was not given';
    closedByUs = true;
    rfb?.disconnect();
  };
  const onDisconnect = (event: Event) => {
    ended = true;
    const clean = detailOf(event).clean === true;
    // noVNC calls a close from the server side clean too; say who closed it.
    const detail =
      failure ??
      (!clean
        ? 'The connection to the desktop was lost'
        : closedByUs
          ? 'Disconnected'
          : 'The desktop closed the connection');
    report({ state: 'disconnected', detail, failed: failure !== null || !clean });
  };
  const listeners: [string, (event: Event) => void][] = [
    ['connect', onConnect],
    ['disconnect', onDisconnect],
    ['securityfailure', onSecurityFailure],
    ['credentialsrequired', onCredentialsRequired],
  ];

  report({ state: 'connecting', detail: 'Requesting a viewer ticket…', failed: false });
  api.openViewer(sessionId).then(
    (access) => {
      if (closed) return;
      try {
        rfb = createRfb(target, access.url, { credentials: { password: access.password }, wsProtocols: ['binary'] });
      } catch (error) {
        ended = true;
        const reason = error instanceof Error ? error.message : String(error);
        report({ state: 'disconnected', detail: `Could not open the viewer: ${reason}`, failed: true });
        return;
      }
      rfb.scaleViewport = true;
      for (const [type, listener] of listeners) rfb.addEventListener(type, listener);
      report({ state: 'connecting', detail: 'Connecting to the desktop…', failed: false });
    },
    (error: unknown) => {
      ended = true;
      const reason = error instanceof Error ? error.message : String(error);
      report({ state: 'disconnected', detail: `No viewer ticket: ${reason}`, failed: true });
    },
  );

  return () => {
    if (closed) return;
    closed = true;
    if (!rfb) return;
    for (const [type, listener] of listeners) rfb.removeEventListener(type, listener);
    if (!ended) rfb.disconnect();
    rfb = null;
  };
}
