// Time as the registry sees it: a clock to read and a scheduler to wait on. Injected so the
// lifecycle (timeouts, sweeps, warnings) can be tested on fake time in milliseconds.
export interface Clock {
  now(): number;
}

/** Cancels what `after` scheduled; calling it twice, or after the run, does nothing. */
export type Cancel = () => void;

export interface Scheduler {
  /** Runs `run` once, `ms` from now; never keeps the process alive by itself. */
  after(ms: number, run: () => void): Cancel;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemScheduler: Scheduler = {
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
