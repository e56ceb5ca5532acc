// Refused bridge upgrades as one audit record per minute, reason and session, with an exact count.
// An unauthenticated client can cause over a thousand refusals a second; one durable record each
// would fill the disk (and sync it each time) while saying nothing more than the count does.
/** Time as the aggregator sees it (the same shape as the registry's clock and scheduler). */
export interface AggregatorTime {
  now(): number;
  /** Runs `run` once, `ms` from now; returns a cancel function. */
  after(ms: number, run: () => void): () => void;
}

export interface RefusalRecord {
  kind: 'ticket_rejected';
  sessionId?: string;
  details: { reason: string; count: number; firstAt: number; lastAt: number };
}

export interface RefusalAggregatorOptions {
  time: AggregatorTime;
  /** Writes one aggregated record (durably); a failure is the writer's to report. */
  write: (record: RefusalRecord) => Promise<void>;
  /** Length of one aggregation window; windows start on whole multiples of it (UTC minutes). */
  windowMs?: number;
}

interface Bucket {
  window: number;
  sessionId: string | null;
  reason: string;
  count: number;
  firstAt: number;
  lastAt: number;
}

export const REFUSAL_WINDOW_MS = 60_000;

export class RefusalAggregator {
  private readonly windowMs: number;
  private readonly buckets = new Map<string, Bucket>();
  /** One timer per window that has open buckets: it writes them at the window's end. */
  private readonly timers = new Map<number, () => void>();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly options: RefusalAggregatorOptions) {
    this.windowMs = options.windowMs ?? REFUSAL_WINDOW_MS;
  }

  /** Counts one refusal now. */
  note(sessionId: string | null, reason: string): void {
    const at = this.options.time.now();
    const window = Math.floor(at / this.windowMs);
    const key = `${sessionId ?? ''}\n${reason}`;
    const open = this.buckets.get(key);
    if (open && open.window === window) {
      open.count += 1;
      open.lastAt = at;
      return;
    }
    // A bucket of an earlier window whose timer has not run yet is complete: write it now.
    if (open) this.emit(key, open);
    this.buckets.set(key, { window, sessionId, reason, count: 1, firstAt: at, lastAt: at });
    if (!this.timers.has(window)) {
      const cancel = this.options.time.after((window + 1) * this.windowMs - at, () => this.endWindow(window));
      this.timers.set(window, cancel);
    }
  }

  /** Writes every open bucket now (at shutdown) and resolves once all writes have settled. */
  async flush(): Promise<void> {
    for (const cancel of this.timers.values()) cancel();
    this.timers.clear();
    for (const [key, bucket] of [...this.buckets]) this.emit(key, bucket);
    await Promise.allSettled([...this.writes]);
  }

  private endWindow(window: number): void {
    this.timers.delete(window);
    for (const [key, bucket] of [...this.buckets]) if (bucket.window === window) this.emit(key, bucket);
  }

  private emit(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    const record: RefusalRecord = {
      kind: 'ticket_rejected',
      ...(bucket.sessionId !== null ? { sessionId: bucket.sessionId } : {}),
      details: { reason: bucket.reason, count: bucket.count, firstAt: bucket.firstAt, lastAt: bucket.lastAt },
    };
    const write = this.options.write(record).catch(() => undefined);
    this.writes.add(write);
    void write.finally(() => this.writes.delete(write));
  }
}
