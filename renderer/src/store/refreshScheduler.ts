// Coalesces refresh requests: at most one refresh runs at a time, and any number of requests made
// while it runs lead to exactly one more, so a burst of events costs two round trips, not N. Each
// run may first wait for what `hold` returns (e.g. while a viewer signs in: see serverSlice).
export interface RefreshScheduler {
  request(): void;
  /** Resolves when no refresh is running or queued (for tests). */
  idle(): Promise<void>;
}

export function createRefreshScheduler(run: () => Promise<void>, hold: () => Promise<void> | undefined = () => undefined): RefreshScheduler {
  let running: Promise<void> | null = null;
  let queued = false;

  const loop = async () => {
    do {
      try {
        // Only a real wait yields: a refresh with nothing to wait for starts at once.
        const waiting = hold();
        if (waiting) await waiting;
        queued = false;
        await run();
      } catch (error) {
        console.warn('Session Deck: refresh failed', error);
      }
    } while (queued);
    running = null;
  };

  return {
    request() {
      if (running) queued = true;
      else running = loop();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
