// Polling with a deadline and cancellation, for things that have no readiness event (a port that
// starts listening, a server that starts answering).

export class WaitAbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WaitAbortedError';
  }
}

/**
 * The first attempts come this often, for this long: a local Xvnc answers some 60-150 ms after it
 * is started, and every millisecond between it answering and us noticing is the user's wait for
 * the desktop. Later attempts come every `intervalMs` (a refused connect on loopback is cheap; one
 * through an SSH forward is not, and those servers take seconds).
 */
export const EARLY_INTERVAL_MS = 10;
export const EARLY_FOR_MS = 500;

export interface WaitOptions {
  timeoutMs: number;
  /** Between attempts after the first EARLY_FOR_MS (default 50). */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Describes what is awaited, for the timeout message. */
  what: string;
}

/** Calls attempt until it resolves; rejects with the last failure once timeoutMs has passed. */
export async function waitUntil<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const startedAt = Date.now();
  const deadline = startedAt + options.timeoutMs;
  const interval = options.intervalMs ?? 50;
  let lastError: unknown;
  for (;;) {
    if (options.signal?.aborted) throw new WaitAbortedError(`stopped waiting for ${options.what}`);
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${options.what} not ready within ${options.timeoutMs} ms${detail}`);
    }
    const pause = Date.now() - startedAt < EARLY_FOR_MS ? Math.min(EARLY_INTERVAL_MS, interval) : interval;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
