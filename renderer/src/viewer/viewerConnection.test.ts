import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../electron/shared/errors';
import type { ViewerAccess } from '../../../electron/shared/session';
import { deferred, flush } from '../testing/fakes';
import { openViewerConnection, type RfbLike, type ViewerStatus } from './viewerConnection';

class FakeRfb extends EventTarget implements RfbLike {
  scaleViewport = false;
  focus = vi.fn();
  disconnect = vi.fn(() => this.fire('disconnect', { clean: true }));
  fire(type: string, detail: unknown = {}) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function setup(openViewer: () => Promise<ViewerAccess>) {
  const statuses: ViewerStatus[] = [];
  const rfbs: FakeRfb[] = [];
  const createRfb = vi.fn((_target: HTMLElement, _url: string, _options: unknown) => {
    const rfb = new FakeRfb();
    rfbs.push(rfb);
    return rfb;
  });
  const close = openViewerConnection({
    api: { openViewer },
    sessionId: 's1',
    target: {} as HTMLElement,
    createRfb,
    onStatus: (status) => statuses.push(status),
  });
  const states = () => statuses.map((status) => status.state);
  const last = () => statuses[statuses.length - 1];
  return { close, createRfb, rfbs, statuses, states, last };
}

const access = { url: 'ws://127.0.0.1:7000/bridge/s1?ticket=t', password: 'pw', viewOnly: false };

describe('viewer connection', () => {
  it('opens noVNC with the ticket URL, the password and the binary subprotocol, then focuses it', async () => {
    const openViewer = vi.fn(() => Promise.resolve(access));
    const { createRfb, rfbs, states, last } = setup(openViewer);
    expect(states()).toEqual(['connecting']);
    await flush();
    expect(openViewer).toHaveBeenCalledWith('s1');
    expect(createRfb).toHaveBeenCalledWith(expect.anything(), access.url, {
      credentials: { password: 'pw' },
      wsProtocols: ['binary'],
    });
    const rfb = rfbs[0];
    expect(rfb?.scaleViewport).toBe(true);
    rfb?.fire('connect');
    expect(last()).toMatchObject({ state: 'connected', failed: false });
    expect(rfb?.focus).toHaveBeenCalled();
  });

  it('reports a dropped connection (the session stopped) as disconnected', async () => {
    const { rfbs, last } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('connect');
    rfbs[0]?.fire('disconnect', { clean: false });
    expect(last()).toMatchObject({ state: 'disconnected', failed: true });
  });

  it('says when the server side closed the connection', async () => {
    const { rfbs, last } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('connect');
    rfbs[0]?.fire('disconnect', { clean: true });
    expect(last()).toMatchObject({ state: 'disconnected', detail: 'The desktop closed the connection', failed: false });
  });

  it('reports an authentication failure with its reason', async () => {
    const { rfbs, last } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('securityfailure', { status: 1, reason: 'Authentication failure' });
    rfbs[0]?.fire('disconnect', { clean: true });
    expect(last()).toMatchObject({ state: 'disconnected', detail: 'Authentication failed: Authentication failure' });
  });

  it('reports a refused ticket', async () => {
    const { last, createRfb } = setup(() => Promise.reject(new ApiError('not_found', 'No session s1')));
    await flush();
    expect(createRfb).not.toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'disconnected', detail: 'No viewer ticket: No session s1', failed: true });
  });

  it('close disconnects noVNC once and reports nothing more', async () => {
    const { close, rfbs, statuses } = setup(() => Promise.resolve(access));
    await flush();
    rfbs[0]?.fire('connect');
    const count = statuses.length;
    close();
    close();
    expect(rfbs[0]?.disconnect).toHaveBeenCalledTimes(1);
    expect(statuses).toHaveLength(count);
  });

  it('does not disconnect an already ended connection', async () => {
    const { close, rfbs } = setup(() => Promise.resolve(access));
    await flush();
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
