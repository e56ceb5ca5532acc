// The HTTP transport's event stream: Server-Sent Events parsed, checked and handed on.
import { describe, expect, it, vi } from 'vitest';
import type { DeckEvent } from '../../../electron/shared/session';
import { flush, session, sessionType } from '../testing/fakes';
import { fakeFetch, json } from './httpFakes';
import { createHttpApi, type EventSourceLike } from './httpTransport';

class FakeEventSource implements EventSourceLike {
  static created: FakeEventSource[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  readyState = 0;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.created.push(this);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  send(event: unknown) {
    this.onmessage?.({ data: typeof event === 'string' ? event : JSON.stringify(event) });
  }
}

function eventApi(fetch = fakeFetch(() => json(200, [])).fetch) {
  FakeEventSource.created = [];
  return createHttpApi({ fetch, createEventSource: (url) => new FakeEventSource(url) });
}

describe('HTTP transport events', () => {
  const event: DeckEvent = { kind: 'session', session: session() };

  it('opens one EventSource for all listeners and delivers each event to each', () => {
    const api = eventApi();
    const a = vi.fn();
    const b = vi.fn();
    api.onEvent(a);
    api.onEvent(b);
    expect(FakeEventSource.created).toHaveLength(1);
    expect(FakeEventSource.created[0]?.url).toBe('/api/events');
    FakeEventSource.created[0]?.send(event);
    expect(a).toHaveBeenCalledWith(event);
    expect(b).toHaveBeenCalledWith(event);
  });

  it('unsubscribe removes exactly that listener and closes the stream with the last one', () => {
    const api = eventApi();
    const listener = vi.fn();
    const first = api.onEvent(listener);
    const second = api.onEvent(listener);
    const source = FakeEventSource.created[0];
    first();
    first(); // idempotent: must not remove the second subscription
    source?.send(event);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(source?.closed).toBe(false);
    second();
    expect(source?.closed).toBe(true);
    source?.send(event);
    expect(listener).toHaveBeenCalledTimes(1);
    // A new subscriber opens a new stream.
    api.onEvent(listener);
    expect(FakeEventSource.created).toHaveLength(2);
  });

  it('ignores malformed events and survives a throwing listener', () => {
    const api = eventApi();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    api.onEvent(() => {
      throw new Error('boom');
    });
    api.onEvent(good);
    const source = FakeEventSource.created[0];
    source?.send('not json');
    source?.send({ kind: 'mystery' });
    source?.send({ kind: 'session', session: { noId: true } });
    expect(good).not.toHaveBeenCalled();
    source?.send(event);
    expect(good).toHaveBeenCalledWith(event);
    expect(error).toHaveBeenCalled();
    warn.mockRestore();
    error.mockRestore();
  });

  it('reopens a stream the browser gave up on, only while someone listens', () => {
    vi.useFakeTimers();
    try {
      const api = eventApi();
      const unsubscribe = api.onEvent(() => {});
      const first = FakeEventSource.created[0];
      if (first) first.readyState = 2;
      first?.onerror?.();
      vi.advanceTimersByTime(5_000);
      expect(first?.closed).toBe(true);
      expect(FakeEventSource.created).toHaveLength(2);
      // A transient error (the browser retries by itself) is left alone.
      FakeEventSource.created[1]?.onerror?.();
      vi.advanceTimersByTime(5_000);
      expect(FakeEventSource.created).toHaveLength(2);
      // Nobody listening any more: no reopen.
      const second = FakeEventSource.created[1];
      if (second) second.readyState = 2;
      second?.onerror?.();
      unsubscribe();
      vi.advanceTimersByTime(5_000);
      expect(FakeEventSource.created).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resynchronises types after the stream reconnects', async () => {
    const types = [sessionType()];
    const api = eventApi(fakeFetch(() => json(200, types)).fetch);
    const listener = vi.fn();
    api.onEvent(listener);
    const source = FakeEventSource.created[0];
    source?.onopen?.();
    await flush();
    expect(listener).not.toHaveBeenCalled(); // first open: nothing was missed
    source?.onerror?.();
    source?.onopen?.();
    await flush();
    expect(listener).toHaveBeenCalledWith({ kind: 'types', types });
  });
});
