// Polling with a deadline and cancellation, for things that have no readiness event (a port that
// starts listening, a server that starts answering).

export class WaitAbortedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WaitAbortedError';
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
  /** Describes what is awaited, for the timeout message. */
  what: string;
}

/** Calls attempt until it resolves; rejects with the last failure once timeoutMs has passed. */
export async function waitUntil<T>(attempt: () => Promise<T>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
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
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
}
