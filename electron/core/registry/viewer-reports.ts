// What the bridge and the desktop-size watch report about a session: viewers coming and going,
// their input, the bytes carried, the desktop's size. Viewer counts and sizes change the session
// as the lists show it, so they are session events. Traffic only moves the byte counts and goes
// on for as long as someone works, so it is told apart, as totals, at a bounded rate.
import type { TrafficTotals } from '../../shared/session';
import type { Clock, Scheduler } from './clock';
import { EventHub } from './event-hub';
import type { PublishedEvent } from './session-events';
import { isRunning, type SessionRecord } from './session-record';
import { countViewers } from './viewer-counts';

/**
 * At most one traffic report per session this often while bytes move, and a last one at most this
 * long after they stop. Each report goes to every window and re-renders a session card there; the
 * bridge itself reports once a second, so two seconds halves that and still reads as live.
 */
export const TRAFFIC_REPORT_INTERVAL_MS = 2_000;

export interface ViewerReportsDeps {
  record(id: string): SessionRecord | undefined;
  clock: Clock;
  scheduler: Scheduler;
  publish(record: SessionRecord, event: PublishedEvent): Promise<void>;
  log(line: string): void;
}

interface TrafficPace {
  lastToldAt: number;
  /** A trailing report waits: it will tell the totals as they are then. */
  trailing: boolean;
}

export class ViewerReports {
  /** Running sessions' new byte totals, at most once per interval each. */
  readonly trafficTotals: EventHub<TrafficTotals>;
  private readonly paces = new WeakMap<SessionRecord, TrafficPace>();
  private readonly intervalMs = TRAFFIC_REPORT_INTERVAL_MS;

  constructor(private readonly deps: ViewerReportsDeps) {
    this.trafficTotals = new EventHub((error) => deps.log(`registry: a traffic subscriber failed: ${String(error)}`));
  }

  /** Viewer count changes from the bridge: connected with viewers, idle without. */
  viewers(id: string, viewers: number, connected: boolean): void {
    const record = this.running(id);
    if (!record) return;
    countViewers(record, viewers, connected, this.deps.clock.now());
    void this.deps.publish(record, { kind: 'viewers', connected });
  }

  /** Viewer input reached the server: the session is active. */
  input(id: string, at: number): void {
    const record = this.running(id);
    if (record) record.lastActivityAt = Math.max(record.lastActivityAt, at);
  }

  /** The desktop of a running session has this size now ("WxH"), as its server announced. */
  desktopSize(id: string, size: string): void {
    const record = this.running(id);
    if (!record || (record.currentSize ?? record.size) === size) return;
    record.currentSize = size;
    void this.deps.publish(record, { kind: 'resized' });
  }

  /**
   * Bytes the bridge carried since its last report. Counted always (the end's history wants them
   * all); told while the session runs: at once after a quiet interval, else once the interval is up.
   */
  traffic(id: string, toViewer: number, fromViewer: number): void {
    const record = this.deps.record(id);
    if (!record) return;
    record.bytesToViewer += toViewer;
    record.bytesFromViewer += fromViewer;
    record.revision++;
    const pace = this.paces.get(record);
    if (pace?.trailing) return;
    const now = this.deps.clock.now();
    if (!pace || now - pace.lastToldAt >= this.intervalMs) return this.tell(record);
    pace.trailing = true;
    this.deps.scheduler.after(pace.lastToldAt + this.intervalMs - now, () => this.tell(record));
  }

  private tell(record: SessionRecord): void {
    this.paces.set(record, { lastToldAt: this.deps.clock.now(), trailing: false });
    // An ended session's last totals travel with its end.
    if (!isRunning(record)) return;
    void this.trafficTotals.emit({ sessionId: record.id, bytesToViewer: record.bytesToViewer, bytesFromViewer: record.bytesFromViewer });
  }

  private running(id: string): SessionRecord | undefined {
    const record = this.deps.record(id);
    return record && isRunning(record) ? record : undefined;
  }
}
