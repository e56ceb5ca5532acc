// Coalesces refresh requests: at most one refresh runs at a time, and any number of requests made
// while it runs lead to exactly one more, so a burst of events costs two round trips, not N.
export interface RefreshScheduler {
  request(): void;
  /** Resolves when no refresh is running or queued (for tests). */
  idle(): Promise<void>;
}

export function createRefreshScheduler(run: () => Promise<void>): RefreshScheduler {
  let running: Promise<void> | null = null;
  let queued = false;

  const loop = async () => {
    do {
      queued = false;
      try {
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
