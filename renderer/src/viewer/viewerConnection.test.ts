import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import type { ViewerAccess, ViewerOptions } from '../../../electron/shared/session';
import { deferred, flush } from '../testing/fakes';
import { SPECIAL_KEYS } from './specialKeys';
import type { RfbLike } from './rfb';
import { openViewerConnection, type Timers, type ViewerConnectionOptions } from './viewerConnection';
import { liveDetail, MAX_RECONNECT_ATTEMPTS, type ViewerStatus } from './viewerStatus';

class FakeRfb extends EventTarget implements RfbLike {
  scaleViewport = false;
  clipViewport = false;
  resizeSession = false;
  viewOnly = false;
  focus = vi.fn();
  blur = vi.fn();
  sendCtrlAltDel = vi.fn();
  sendKey = vi.fn();
  clipboardPasteFrom = vi.fn();
  disconnect = vi.fn(() => this.fire('disconnect', { clean: true }));
  fire(type: string, detail: unknown = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

/** Manual timers: `advance(ms)` runs what is due. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      const id = nextId++;
      pending.set(id, { at: now + ms, callback });
      return id;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = until;
  };
  return { timers, advance, pendingCount: () => pending.size };
}

function setup(openViewer: (id: string, options?: ViewerOptions) => Promise<ViewerAccess>, extra: Partial<ViewerConnectionOptions> = {}) {
  const statuses: ViewerStatus[] = [];
  const rfbs: FakeRfb[] = [];
  const clock = manualTimers();
  const createRfb = vi.fn((_target: HTMLElement, _url: string, _options: unknown) => {
    const rfb = new FakeRfb();
    rfbs.push(rfb);
    return rfb;
  });
  const connection = openViewerConnection({
    api: { openViewer },
    sessionId: 's1',
    target: {} as HTMLElement,
    createRfb,
    onStatus: (status) => statuses.push(status),
    timers: clock.timers,
    ...extra,
  });
  const states = () => statuses.map((status) => status.state);
  const last = () => statuses[statuses.length - 1];
  return { connection, close: () => connection.close(), createRfb, rfbs, statuses, states, last, clock };
}

const access: ViewerAccess = { url: 'ws://127.0.0.1:7000/bridge/s1?ticket=t', viewOnly: false };

describe('viewer connection', () => {
  it('opens noVNC with the ticket URL and the binary subprotocol, and no credentials (the bridge authenticates), then focuses it', async () => {
    const openViewer = vi.fn(() => Promise.resolve(access));
    const { createRfb, rfbs, states, last } = setup(openViewer);
    expect(states()).toEqual(['connecting']);
    await flush();
    expect(openViewer).toHaveBeenCalledWith('s1', { viewOnly: false });
    expect(createRfb).toHaveBeenCalledWith(expect.anything(), access.url, { wsProtocols: ['binary'] });
    const rfb = rfbs[0];
    expect(rfb?.scaleViewport).toBe(true);
    rfb?.fire('connect');
    expect(last()).toMatchObject({ state: 'connected', phase: 'connected', failed: false });
    expect(rfb?.focus).toHaveBeenCalled();
  });

  it('uses a ticket asked for before it opened for its first connect only, then asks for its own', async () => {
    const openViewer = vi.fn(() => Promise.resolve(access));
    const prefetched = { url: 'ws://127.0.0.1:7000/bridge/s1?ticket=early', viewOnly: false };
    const { createRfb, rfbs, clock } = setup(openViewer, { firstTicket: Promise.resolve(prefetched) });
    await flush();
    expect(openViewer).not.toHaveBeenCalled();
    expect(createRfb).toHaveBeenLastCalledWith(expect.anything(), prefetched.url, { wsProtocols: ['binary'] });
    rfbs[0]?.fire('disconnect', { clean: false });
    clock.advance(1_000);
    await flush();
    expect(openViewer).toHaveBeenCalledTimes(1);
    expect(createRfb).toHaveBeenLastCalledWith(expect.anything(), access.url, { wsProtocols: ['binary'] });
  });

  it('a view-only viewer does not use a prefetched ticket (it is not view-only)', async () => {
    const openViewer = vi.fn((_id: string, options?: ViewerOptions) => Promise.resolve({ ...access, viewOnly: options?.viewOnly === true }));
    const { createRfb } = setup(openViewer, { viewOnly: true, firstTicket: Promise.resolve({ url: 'ws://early', viewOnly: false }) });
    await flush();
    expect(openViewer).toHaveBeenCalledWith('s1', { viewOnly: true });
    expect(createRfb).toHaveBeenLastCalledWith(expect.anything(), access.url, { wsProtocols: ['binary'] });
  });

  it('waits for the first frame before saying connected', async () => {
    let painted = false;
    const { rfbs, last, clock } = setup(() => Promise.resolve(access), { probeFirstFrame: () => painted });
    await flush();
    rfbs[0]?.fire('connect');
    expect(last()).toMatchObject({ state: 'connecting', phase: 'first_frame' });
    clock.advance(300);
    expect(last()?.phase).toBe('first_frame');
    painted = true;
    clock.advance(100);
    expect(last()).toMatchObject({ phase: 'connected', detail: 'Connected' });
  });

  it('looks for the first frame again soon after connect, not only every 100 ms', async () => {
    let painted = false;
    const { rfbs, last, clock } = setup(() => Promise.resolve(access), { probeFirstFrame: () => painted });
    await flush();
    rfbs[0]?.fire('connect');
    clock.advance(10);
    painted = true;
    clock.advance(40);
    expect(last()).toMatchObject({ phase: 'connected' });
  });

  it('does not focus a background tab on connect', async () => {
    const { rfbs } = setup(() => Promise.resolve(access), { focusOnConnect: () => false });
    await flush();
    rfbs[0]?.fire('connect');
    expect(rfbs[0]?.focus).not.toHaveBeenCalled();
  });

  it('reconnects a dropped connection with a fresh ticket, backing off, and resets after success', async () => {
    const openViewer = vi.fn(() => Promise.resolve(access));
    const { rfbs, last, clock } = setup(openViewer);
    await flush();
    rfbs[0]?.fire('connect');
    rfbs[0]?.fire('disconnect', { clean: false });
    expect(last()).toMatchObject({ state: 'connecting', phase: 'retry_wait', attempt: 1, retryAt: 1_000, failed: true });
    expect(last()?.detail).toContain('The connection to the desktop was lost. Reconnecting in 1 s');
    clock.advance(999);
    expect(openViewer).toHaveBeenCalledTimes(1);
    clock.advance(1);
    expect(openViewer).toHaveBeenCalledTimes(2);
    await flush();
    // This attempt fails too: the wait doubles.
    rfbs[1]?.fire('disconnect', { clean: false });
    expect(last()).toMatchObject({ attempt: 2, retryAt: 1_000 + 2_000 });
    clock.advance(2_000);
    await flush();
    rfbs[2]?.fire('connect');
    expect(last()).toMatchObject({ state: 'connected', attempt: 0 });
  });

  it('gives up after the last attempt and waits for the user', async () => {
    const { rfbs, last, clock, connection } = setup(() => Promise.resolve(access));
    for (let i = 0; i <= MAX_RECONNECT_ATTEMPTS; i++) {
      await flush();
      rfbs[i]?.fire('disconnect', { clean: false });
      clock.advance(30_000);
    }
    expect(last()).toMatchObject({ state: 'disconnected', phase: 'disconnected', failed: true });
    expect(last()?.detail).toContain('Gave up reconnecting');
    connection.reconnect();
    await flush();
    expect(rfbs).toHaveLength(MAX_RECONNECT_ATTEMPTS + 2);
  });

  it('counts down to the next attempt for the overlay', async () => {
    const { rfbs, last } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('connect');
    rfbs[0]?.fire('disconnect', { clean: false });
    const status = last();
    if (!status) throw new Error('no status');
    expect(liveDetail(status, 0)).toBe(`The connection to the desktop was lost. Reconnecting in 1 s (attempt 1 of ${MAX_RECONNECT_ATTEMPTS})…`);
    expect(liveDetail(status, 600)).toContain('Reconnecting in 1 s');
    expect(liveDetail(status, 1_000)).toContain('Reconnecting in 0 s');
    expect(liveDetail({ ...status, phase: 'connected', detail: 'Connected' }, 0)).toBe('Connected');
  });

  it('says when the server side closed the connection, and tries again', async () => {
    const { rfbs, last } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('connect');
    rfbs[0]?.fire('disconnect', { clean: true });
    expect(last()?.detail).toMatch(/^The desktop closed the connection\. Reconnecting/);
  });

  it('reports an authentication failure with its reason and does not retry', async () => {
    const { rfbs, last, clock } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('securityfailure', { status: 1, reason: 'Authentication failure' });
    rfbs[0]?.fire('disconnect', { clean: true });
    expect(last()).toMatchObject({ state: 'disconnected', detail: 'Authentication failed: Authentication failure' });
    expect(clock.pendingCount()).toBe(0);
  });

  it('stops at a refused ticket for a session that is gone, retries one the host could not give', async () => {
    const gone = setup(() => Promise.reject(new ApiError('not_found', 'No session s1')));
    await flush();
    expect(gone.createRfb).not.toHaveBeenCalled();
    expect(gone.last()).toMatchObject({ state: 'disconnected', detail: 'No viewer ticket: No session s1', failed: true });

    const busy = setup(() => Promise.reject(new ApiError('internal', 'Cannot reach the Session Deck host')));
    await flush();
    expect(busy.last()).toMatchObject({ state: 'connecting', phase: 'retry_wait' });
  });

  it('view-only: asks for a view-only ticket and sets noVNC view-only; toggling reconnects', async () => {
    const openViewer = vi.fn((_id: string, options?: ViewerOptions) => Promise.resolve({ ...access, viewOnly: options?.viewOnly === true }));
    const { rfbs, connection } = setup(openViewer, { viewOnly: true });
    await flush();
    expect(openViewer).toHaveBeenLastCalledWith('s1', { viewOnly: true });
    expect(rfbs[0]?.viewOnly).toBe(true);
    connection.paste('secret');
    connection.sendKeys(SPECIAL_KEYS[0]!);
    expect(rfbs[0]?.clipboardPasteFrom).not.toHaveBeenCalled();
    expect(rfbs[0]?.sendCtrlAltDel).not.toHaveBeenCalled();
    connection.reconnect({ viewOnly: false });
    expect(rfbs[0]?.disconnect).toHaveBeenCalledTimes(1);
    await flush();
    expect(openViewer).toHaveBeenLastCalledWith('s1', { viewOnly: false });
    expect(rfbs[1]?.viewOnly).toBe(false);
    expect(connection.viewOnly).toBe(false);
  });

  it('scaling modes: fit scales, 1:1 does not, remote resize asks the server and scales what it cannot', async () => {
    const { rfbs, connection } = setup(() => Promise.resolve(access), { scaleMode: 'actual' });
    await flush();
    const rfb = rfbs[0];
    expect([rfb?.scaleViewport, rfb?.resizeSession]).toEqual([false, false]);
    connection.setScaleMode('remote');
    expect([rfb?.scaleViewport, rfb?.resizeSession]).toEqual([true, true]);
    connection.setScaleMode('fit');
    expect([rfb?.scaleViewport, rfb?.resizeSession]).toEqual([true, false]);
  });

  it('sends special keys down in order and up in reverse, Ctrl+Alt+Del through noVNC', async () => {
    const { rfbs, connection } = setup(() => Promise.resolve(access));
    await flush();
    connection.sendKeys(SPECIAL_KEYS.find((key) => key.label === 'Ctrl+Alt+Del')!);
    expect(rfbs[0]?.sendCtrlAltDel).toHaveBeenCalledTimes(1);
    connection.sendKeys(SPECIAL_KEYS.find((key) => key.label === 'Alt+Tab')!);
    expect(rfbs[0]?.sendKey.mock.calls).toEqual([
      [0xffe9, 'AltLeft', true],
      [0xff09, 'Tab', true],
      [0xff09, 'Tab', false],
      [0xffe9, 'AltLeft', false],
    ]);
  });

  it('passes clipboard text both ways', async () => {
    const onClipboard = vi.fn();
    const { rfbs, connection } = setup(() => Promise.resolve(access), { onClipboard });
    await flush();
    rfbs[0]?.fire('clipboard', { text: 'from the desktop' });
    expect(onClipboard).toHaveBeenCalledWith('from the desktop');
    connection.paste('to the desktop');
    expect(rfbs[0]?.clipboardPasteFrom).toHaveBeenCalledWith('to the desktop');
  });

  it('close disconnects noVNC once, cancels a pending retry and reports nothing more', async () => {
    const { close, rfbs, statuses, clock } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('connect');
    const count = statuses.length;
    close();
    close();
    expect(rfbs[0]?.disconnect).toHaveBeenCalledTimes(1);
    expect(statuses).toHaveLength(count);
    expect(clock.pendingCount()).toBe(0);
  });

  it('does not disconnect an already ended connection', async () => {
    const { close, rfbs } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('securityfailure', {});
    rfbs[0]?.fire('disconnect', { clean: false });
    close();
    expect(rfbs[0]?.disconnect).not.toHaveBeenCalled();
  });

  it('closed before the ticket arrives: never opens noVNC', async () => {
    const ticket = deferred<ViewerAccess>();
    const { close, createRfb } = setup(() => ticket.promise);
    close();
    ticket.resolve(access);
    await flush();
    expect(createRfb).not.toHaveBeenCalled();
  });
});
