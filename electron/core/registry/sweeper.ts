// The registry's periodic work, on an injected scheduler: the sweep (expired timers, warnings,
// slots to look at again) at the interval the settings say, read again every round, and the
// liveness check of servers a session does not own (every second, so one that dies ends its
// session within 2 s; servers it owns are noticed at once through their exit).
import type { Cancel, Scheduler } from './clock';

export interface SweeperOptions {
  scheduler: Scheduler;
  sweepIntervalMs(): number;
  livenessIntervalMs: number;
  sweep(): Promise<void>;
  checkLiveness(): Promise<void>;
  log(line: string): void;
}

export const LIVENESS_INTERVAL_MS = 1000;

export class Sweeper {
  private readonly cancels = new Set<Cancel>();
  private running = false;

  constructor(private readonly options: SweeperOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.every(() => this.options.sweepIntervalMs(), () => this.options.sweep());
    this.every(() => this.options.livenessIntervalMs, () => this.options.checkLiveness());
  }

  stop(): void {
    this.running = false;
    for (const cancel of this.cancels) cancel();
    this.cancels.clear();
  }

  /** One round at a time: the next is scheduled once this one has finished. */
  private every(intervalMs: () => number, work: () => Promise<void>): void {
    const cancel = this.options.scheduler.after(intervalMs(), () => {
      this.cancels.delete(cancel);
      void work()
        .catch((error: unknown) => this.options.log(`sweep failed: ${String(error)}`))
        .finally(() => {
          if (this.running) this.every(intervalMs, work);
        });
    });
    this.cancels.add(cancel);
  }
}
