import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivityHub } from './activity';
import type { BridgeActivity } from './types';

describe('ActivityHub', () => {
  let events: BridgeActivity[];
  let hub: ActivityHub;

  beforeEach(() => {
    vi.useFakeTimers({ now: 10_000 });
    events = [];
    hub = new ActivityHub(1_000);
    hub.subscribe((event) => events.push(event));
  });

  afterEach(() => {
    hub.close();
    vi.useRealTimers();
  });

  it('coalesces traffic to one event per interval, with a trailing event for the rest', () => {
    hub.viewerConnected('s', 1, false);
    hub.traffic('s', 100, 0);
    hub.traffic('s', 50, 7);
    hub.traffic('s', 0, 3);
    expect(events.filter((e) => e.kind === 'traffic')).toMatchObject([{ toViewer: 100, toTarget: 0 }]);
    vi.advanceTimersByTime(1_000);
    expect(events.filter((e) => e.kind === 'traffic')).toMatchObject([
      { toViewer: 100, toTarget: 0 },
      { toViewer: 50, toTarget: 10 },
    ]);
    expect(hub.snapshot('s')).toMatchObject({ toViewer: 150, toTarget: 10, viewers: 1, lastTrafficAt: 10_000 });
  });

  it('reports input with the time of the last input, and flushes pending counts on disconnect', () => {
    hub.viewerConnected('s', 1, false);
    hub.input('s');
    vi.advanceTimersByTime(300);
    hub.input('s');
    hub.traffic('s', 1, 1);
    hub.viewerDisconnected('s', 1, 1000, 'bye');
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(['viewer_connected', 'input', 'traffic', 'input', 'viewer_disconnected']);
    expect(events[3]).toMatchObject({ kind: 'input', at: 10_300 });
    expect(events[4]).toMatchObject({ viewers: 0, code: 1000 });
    expect(hub.snapshot('s')?.lastInputAt).toBe(10_300);
  });

  it('unsubscribes exactly the listener it added, even if added twice', () => {
    const seen: string[] = [];
    const listener = (event: BridgeActivity) => seen.push(event.kind);
    const off1 = hub.subscribe(listener);
    hub.subscribe(listener);
    off1();
    hub.rejected(null, 'unknown_ticket');
    expect(seen).toEqual(['ticket_rejected']);
  });

  it('keeps relaying when a listener throws', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    hub.subscribe(() => {
      throw new Error('broken listener');
    });
    hub.rejected(null, 'unknown_ticket');
    expect(events).toHaveLength(1);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('forgets a session after reporting what was pending', () => {
    hub.traffic('s', 1, 0);
    hub.traffic('s', 2, 0);
    hub.forget('s');
    expect(events.filter((e) => e.kind === 'traffic')).toMatchObject([{ toViewer: 1 }, { toViewer: 2 }]);
    expect(hub.snapshot('s')).toBeNull();
  });
});
