// A typed event bus whose listeners may be asynchronous: emit() resolves once every listener's
// work has settled, so a caller can wait until an event is durably recorded before answering.
// A listener that throws or rejects is reported and never breaks the emitter or other listeners.
export type Listener<E> = (event: E) => void | Promise<unknown>;

export class EventHub<E> {
  private readonly listeners = new Set<Listener<E>>();

  constructor(private readonly report: (error: unknown, event: E) => void = () => undefined) {}

  /** Adds a listener; the returned function removes exactly this one. */
  on(listener: Listener<E>): () => void {
    const entry: Listener<E> = (event) => listener(event);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  get size(): number {
    return this.listeners.size;
  }

  /**
   * Calls every listener. Failures are reported; with `strict`, the returned promise also rejects
   * with the first of them once every listener has settled (an action that must not be
   * acknowledged without its durable record waits for that).
   */
  emit(event: E, options: { strict?: boolean } = {}): Promise<void> {
    const failures: unknown[] = [];
    const fail = (error: unknown) => {
      failures.push(error);
      this.report(error, event);
    };
    const pending: Promise<unknown>[] = [];
    for (const listener of [...this.listeners]) {
      try {
        const result = listener(event);
        if (result instanceof Promise) pending.push(result.catch(fail));
      } catch (error) {
        fail(error);
      }
    }
    const settled = pending.length === 0 ? Promise.resolve() : Promise.all(pending).then(() => undefined);
    return settled.then(() => {
      if (options.strict && failures.length > 0) throw failures[0];
    });
  }
}
