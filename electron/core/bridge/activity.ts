// Activity events and per-session traffic totals. Traffic and input are frequent, so they are
// coalesced: at most one event per session and interval, with a trailing event so no byte goes
// unreported.
import type { BridgeActivity, SessionTraffic } from './types';

type Listener = (event: BridgeActivity) => void;

interface SessionCounters extends SessionTraffic {
  pendingToViewer: number;
  pendingToTarget: number;
  pendingInput: boolean;
  lastEmitAt: number;
  timer: NodeJS.Timeout | null;
}

export class ActivityHub {
  private readonly listeners = new Set<Listener>();
  private readonly sessions = new Map<string, SessionCounters>();

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  subscribe(listener: Listener): () => void {
    // Wrapped so that subscribing the same function twice still unsubscribes exactly this one.
    const entry: Listener = (event) => listener(event);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(event: BridgeActivity): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A faulty listener must not break a socket handler; make it visible, keep relaying.
        process.emitWarning(error instanceof Error ? error : String(error), 'BridgeActivityListenerError');
      }
    }
  }

  rejected(sessionId: string | null, reason: Extract<BridgeActivity, { kind: 'ticket_rejected' }>['reason']): void {
    this.emit({ kind: 'ticket_rejected', sessionId, reason, at: this.now() });
  }

  viewerConnected(sessionId: string, connectionId: number, viewOnly: boolean): void {
    const counters = this.counters(sessionId);
    counters.viewers += 1;
    this.emit({ kind: 'viewer_connected', sessionId, connectionId, viewOnly, viewers: counters.viewers, at: this.now() });
  }

  viewerDisconnected(sessionId: string, connectionId: number, code: number, reason: string): void {
    const counters = this.sessions.get(sessionId);
    if (counters) {
      counters.viewers = Math.max(0, counters.viewers - 1);
      this.flush(counters);
    }
    const viewers = counters?.viewers ?? 0;
    this.emit({ kind: 'viewer_disconnected', sessionId, connectionId, code, reason, viewers, at: this.now() });
  }

  traffic(sessionId: string, toViewer: number, toTarget: number): void {
    const counters = this.counters(sessionId);
    counters.toViewer += toViewer;
    counters.toTarget += toTarget;
    counters.pendingToViewer += toViewer;
    counters.pendingToTarget += toTarget;
    counters.lastTrafficAt = this.now();
    this.schedule(counters);
  }

  input(sessionId: string): void {
    const counters = this.counters(sessionId);
    counters.lastInputAt = this.now();
    counters.pendingInput = true;
    this.schedule(counters);
  }

  snapshot(sessionId: string): SessionTraffic | null {
    const counters = this.sessions.get(sessionId);
    if (!counters) return null;
    const { toViewer, toTarget, viewers, lastInputAt, lastTrafficAt } = counters;
    return { sessionId, toViewer, toTarget, viewers, lastInputAt, lastTrafficAt };
  }

  /** Reports what is pending and forgets the session. */
  forget(sessionId: string): void {
    const counters = this.sessions.get(sessionId);
    if (!counters) return;
    this.flush(counters);
    this.sessions.delete(sessionId);
  }

  /** Reports everything pending and stops all timers. */
  close(): void {
    for (const counters of this.sessions.values()) this.flush(counters);
  }

  private counters(sessionId: string): SessionCounters {
    let counters = this.sessions.get(sessionId);
    if (!counters) {
      counters = {
        sessionId,
        toViewer: 0,
        toTarget: 0,
        viewers: 0,
        lastInputAt: null,
        lastTrafficAt: null,
        pendingToViewer: 0,
        pendingToTarget: 0,
        pendingInput: false,
        lastEmitAt: 0,
        timer: null,
      };
      this.sessions.set(sessionId, counters);
    }
    return counters;
  }

  private schedule(counters: SessionCounters): void {
    if (counters.timer) return;
    const wait = counters.lastEmitAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.flush(counters);
      return;
    }
    counters.timer = setTimeout(() => {
      counters.timer = null;
      this.flush(counters);
    }, wait);
  }

  private flush(counters: SessionCounters): void {
    if (counters.timer) clearTimeout(counters.timer);
    counters.timer = null;
    const at = this.now();
    const { sessionId } = counters;
    if (counters.pendingToViewer > 0 || counters.pendingToTarget > 0) {
      const event: BridgeActivity = {
        kind: 'traffic',
        sessionId,
        toViewer: counters.pendingToViewer,
        toTarget: counters.pendingToTarget,
        at,
      };
      counters.pendingToViewer = 0;
      counters.pendingToTarget = 0;
      counters.lastEmitAt = at;
      this.emit(event);
    }
    if (counters.pendingInput) {
      counters.pendingInput = false;
      counters.lastEmitAt = at;
      this.emit({ kind: 'input', sessionId, at: counters.lastInputAt ?? at });
    }
  }
}
