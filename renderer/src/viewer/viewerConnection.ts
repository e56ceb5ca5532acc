// One viewer of one session: fetch a single-use ticket, hand it to noVNC, report the state as it
// moves (ticket, connecting, first frame, connected), and reconnect with backoff after a drop.
// noVNC itself, the timers and the first-frame probe are injected, so this runs in tests without a browser.
import type { SessionDeckApi } from '../../../electron/shared/api';
import { ApiError } from '../../../electron/shared/errors';
import type { ViewerAccess } from '../../../electron/shared/session';
import { applyScaleMode, detailOf, type RfbFactory, type RfbLike, type ScaleMode, sendSpecialKeys } from './rfb';
import type { SpecialKey } from './specialKeys';
import { MAX_RECONNECT_ATTEMPTS, reconnectDelay, retryDetail, type ViewerStatus } from './viewerStatus';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** The canvas is looked at again after 16 ms, doubling up to 100 ms: the first frame usually lands within a few frames. */
const FIRST_FRAME_FIRST_POLL_MS = 16;
const FIRST_FRAME_POLL_MS = 100;
const FIRST_FRAME_GIVE_UP_MS = 10_000;

export interface ViewerConnectionOptions {
  api: Pick<SessionDeckApi, 'openViewer'>;
  sessionId: string;
  target: HTMLElement;
  createRfb: RfbFactory;
  onStatus: (status: ViewerStatus) => void;
  /** Text the desktop put on its clipboard. */
  onClipboard?: (text: string) => void;
  viewOnly?: boolean;
  scaleMode?: ScaleMode;
  /** True once the canvas shows the desktop's first frame. */
  probeFirstFrame?: (rfb: RfbLike) => boolean;
  /** Whether the server accepts a remote resize (noVNC knows after the first update). */
  probeRemoteResize?: (rfb: RfbLike) => boolean;
  /** Focus the desktop on connect (the shown tab does; background tabs do not). */
  focusOnConnect?: () => boolean;
  /** A (not view-only) ticket already asked for, used by the first connect unless it is view-only. */
  firstTicket?: Promise<ViewerAccess>;
  timers?: Timers;
}

export interface ViewerConnection {
  /** Closes the connection for good and silences further reports. */
  close(): void;
  /** Drops the current connection and opens a new one now (fresh ticket), e.g. with view-only changed. */
  reconnect(changes?: { viewOnly?: boolean }): void;
  setScaleMode(mode: ScaleMode): void;
  sendKeys(special: SpecialKey): void;
  /** Sends local clipboard text to the desktop (ignored when view-only). */
  paste(text: string): void;
  focus(): void;
  blur(): void;
  readonly viewOnly: boolean;
}

/** Errors after which a fresh ticket would not help: the session is gone or not ours. */
const isFinalTicketError = (error: unknown): boolean =>
  error instanceof ApiError && ['not_found', 'forbidden', 'not_authorized', 'unauthenticated', 'bad_request'].includes(error.code);

/** Starts connecting; returns the connection's controls. */
export function openViewerConnection(options: ViewerConnectionOptions): ViewerConnection {
  const { api, sessionId, target, createRfb, onStatus } = options;
  const timers = options.timers ?? realTimers;
  let viewOnly = options.viewOnly ?? false;
  let scaleMode: ScaleMode = options.scaleMode ?? 'fit';
  let closed = false;
  let rfb: RfbLike | null = null;
  /** Bumped by every new attempt: callbacks of an older one are ignored. */
  let generation = 0;
  let attempt = 0;
  let retryTimer: unknown = null;
  let frameTimer: unknown = null;
  let firstTicket = options.firstTicket;

  const report = (status: Omit<ViewerStatus, 'attempt'>) => {
    if (!closed) onStatus({ ...status, attempt });
  };

  const clearTimers = () => {
    if (retryTimer !== null) timers.clearTimeout(retryTimer);
    if (frameTimer !== null) timers.clearTimeout(frameTimer);
    retryTimer = null;
    frameTimer = null;
  };

  /** Detaches and (if still open) disconnects the current RFB without reporting anything. */
  const dropRfb = () => {
    const current = rfb;
    rfb = null;
    generation += 1;
    if (current) current.disconnect();
  };

  const scheduleRetry = (reason: string) => {
    attempt += 1;
    if (attempt > MAX_RECONNECT_ATTEMPTS) {
      attempt -= 1;
      report({ state: 'disconnected', phase: 'disconnected', detail: `${reason}. Gave up reconnecting.`, failed: true });
      return;
    }
    const delay = reconnectDelay(attempt);
    const retryAt = timers.now() + delay;
    report({
      state: 'connecting',
      phase: 'retry_wait',
      detail: retryDetail(reason, attempt),
      failed: true,
      retryAt,
      reason,
    });
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  };

  const remoteResizeNow = (current: RfbLike) => (options.probeRemoteResize ? options.probeRemoteResize(current) : undefined);

  const connected = (current: RfbLike) => {
    attempt = 0;
    const remoteResize = remoteResizeNow(current);
    report({
      state: 'connected',
      phase: 'connected',
      detail: viewOnly ? 'Connected, view only' : 'Connected',
      failed: false,
      ...(remoteResize === undefined ? {} : { remoteResize }),
    });
  };

  const waitForFirstFrame = (current: RfbLike, mine: number, since: number, pollMs = FIRST_FRAME_FIRST_POLL_MS) => {
    if (mine !== generation || closed) return;
    const probe = options.probeFirstFrame;
    if (!probe || probe(current) || timers.now() - since >= FIRST_FRAME_GIVE_UP_MS) {
      frameTimer = null;
      connected(current);
      return;
    }
    frameTimer = timers.setTimeout(() => waitForFirstFrame(current, mine, since, Math.min(pollMs * 2, FIRST_FRAME_POLL_MS)), pollMs);
  };

  function connect(): void {
    clearTimers();
    dropRfb();
    const mine = generation;
    let failure: string | null = null;
    let wasConnected = false;
    report({
      state: 'connecting',
      phase: 'ticket',
      detail: attempt > 0 ? `Reconnecting (attempt ${attempt}): requesting a viewer ticket…` : 'Requesting a viewer ticket…',
      failed: false,
    });

    const onConnect = () => {
      if (mine !== generation) return;
      wasConnected = true;
      if (options.focusOnConnect?.() ?? true) rfb?.focus();
      // data-state says connected only once the desktop is drawn: what a user (or a test) can act on.
      report({ state: 'connecting', phase: 'first_frame', detail: 'Connected, waiting for the first frame…', failed: false });
      if (rfb) waitForFirstFrame(rfb, mine, timers.now());
    };
    const onSecurityFailure = (event: Event) => {
      const { reason } = detailOf(event);
      failure = `Authentication failed${typeof reason === 'string' && reason ? `: ${reason}` : ''}`;
    };
    const onCredentialsRequired = () => {
      // The bridge offers security None only; a desktop asking for more is not the bridge.
      failure = 'The desktop asked for credentials this viewer was not given';
      rfb?.disconnect();
    };
    const onClipboard = (event: Event) => {
      const { text } = detailOf(event);
      if (typeof text === 'string') options.onClipboard?.(text);
    };
    const onCapabilities = () => {
      if (mine === generation && rfb && wasConnected && frameTimer === null) connected(rfb);
    };
    const onDisconnect = (event: Event) => {
      if (mine !== generation) return;
      const current = rfb;
      if (current) for (const [type, listener] of listeners) current.removeEventListener(type, listener);
      rfb = null;
      if (frameTimer !== null) timers.clearTimeout(frameTimer);
      frameTimer = null;
      if (failure) {
        // A password the server refused (the bridge's, reported as a security failure) will not fix itself.
        report({ state: 'disconnected', phase: 'disconnected', detail: failure, failed: true });
        return;
      }
      const clean = detailOf(event).clean === true;
      // noVNC calls a close from the server side clean too; say who closed it.
      const reason = clean ? 'The desktop closed the connection' : wasConnected ? 'The connection to the desktop was lost' : 'Could not reach the desktop';
      scheduleRetry(reason);
    };
    const listeners: [string, (event: Event) => void][] = [
      ['connect', onConnect],
      ['disconnect', onDisconnect],
      ['securityfailure', onSecurityFailure],
      ['credentialsrequired', onCredentialsRequired],
      ['clipboard', onClipboard],
      ['capabilities', onCapabilities],
    ];

    const ticket = firstTicket && !viewOnly ? firstTicket : api.openViewer(sessionId, { viewOnly });
    firstTicket = undefined;
    ticket.then(
      (access: ViewerAccess) => {
        if (closed || mine !== generation) return;
        let created: RfbLike;
        try {
          created = createRfb(target, access.url, { wsProtocols: ['binary'] });
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          report({ state: 'disconnected', phase: 'disconnected', detail: `Could not open the viewer: ${reason}`, failed: true });
          return;
        }
        rfb = created;
        applyScaleMode(created, scaleMode);
        // The bridge enforces a view-only ticket; noVNC also stops sending input so nothing is wasted.
        created.viewOnly = viewOnly || access.viewOnly;
        for (const [type, listener] of listeners) created.addEventListener(type, listener);
        report({ state: 'connecting', phase: 'connecting', detail: 'Connecting to the desktop…', failed: false });
      },
      (error: unknown) => {
        if (closed || mine !== generation) return;
        const reason = error instanceof Error ? error.message : String(error);
        if (isFinalTicketError(error)) {
          report({ state: 'disconnected', phase: 'disconnected', detail: `No viewer ticket: ${reason}`, failed: true });
        } else {
          scheduleRetry(`No viewer ticket: ${reason}`);
        }
      },
    );
  }

  connect();

  return {
    close() {
      if (closed) return;
      closed = true;
      clearTimers();
      dropRfb();
    },
    reconnect(changes) {
      if (closed) return;
      if (changes?.viewOnly !== undefined) viewOnly = changes.viewOnly;
      attempt = 0;
      connect();
    },
    setScaleMode(mode) {
      scaleMode = mode;
      if (rfb) applyScaleMode(rfb, mode);
    },
    sendKeys(special) {
      if (rfb && !viewOnly) sendSpecialKeys(rfb, special);
    },
    paste(text) {
      if (rfb && !viewOnly) rfb.clipboardPasteFrom?.(text);
    },
    focus() {
      rfb?.focus();
    },
    blur() {
      rfb?.blur?.();
    },
    get viewOnly() {
      return viewOnly;
    },
  };
}
