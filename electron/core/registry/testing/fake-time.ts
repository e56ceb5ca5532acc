// Fake time for lifecycle tests: a clock that moves only when told, and a scheduler whose timers
// run in order as it moves. Between timers, pending I/O (a session's files being removed) gets
// a few turns of the real event loop, so what a timer started can finish before the next one.
import type { Cancel, Clock, Scheduler } from '../clock';

interface Timer {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeTime implements Clock, Scheduler {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, run: () => void): Cancel {
    const timer: Timer = { at: this.current + Math.max(0, ms), seq: this.seq++, run, cancelled: false };
    this.timers.push(timer);
    return () => void (timer.cancelled = true);
  }

  /** Pending timers, for tests that check what is scheduled. */
  pending(): number[] {
    return this.timers.filter((timer) => !timer.cancelled).map((timer) => timer.at - this.current);
  }

  /** Moves the clock forward by `ms`, running every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      // Promise chains first (cheap); real I/O only when nothing else is due.
      let due = await this.nextDue(end);
      if (!due) {
        await this.settle();
        due = await this.nextDue(end);
      }
      if (!due) break;
      this.timers.splice(this.timers.indexOf(due), 1);
      this.current = Math.max(this.current, due.at);
      due.run();
    }
    this.current = end;
    await this.settle();
  }

  private async nextDue(end: number): Promise<Timer | undefined> {
    for (let i = 0; i < 20; i++) await Promise.resolve();
    this.timers = this.timers.filter((timer) => !timer.cancelled);
    return this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  }

  /** Lets pending promises and quick I/O finish (a few real event-loop turns, a few ms at most). */
  async settle(): Promise<void> {
    for (let i = 0; i < 5; i++) await turn();
    await new Promise<void>((resolve) => setTimeout(resolve, 2));
    for (let i = 0; i < 5; i++) await turn();
  }
}
