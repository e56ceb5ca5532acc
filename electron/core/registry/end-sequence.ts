// The end of a session, whatever ended it: the script's stop() once (if its start() ran), bounded
// so a stop() that never returns cannot hold the slot; then every process it owns is ended and its
// scratch directory removed.
import type { SessionService } from '../../../scripts/api';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import type { Scheduler } from './clock';

export interface EndInput {
  service?: SessionService;
  /** start() was called, so stop() must run exactly once. */
  scriptStarted: boolean;
  resources?: SessionResourcesHandle;
  /** How long stop() may take before the session's processes are ended anyway. */
  stopTimeoutMs: number;
  scheduler: Scheduler;
}

export interface EndOutcome {
  /** The last lines of the session's log. */
  logTail: string;
}

export async function runEndSequence(input: EndInput): Promise<EndOutcome> {
  const log = (line: string) => input.resources?.log.line(line);
  if (input.scriptStarted && input.service) {
    let cancel = (): void => undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (cancel = input.scheduler.after(input.stopTimeoutMs, () => resolve('timeout'))));
    try {
      const service = input.service;
      const result = await Promise.race([Promise.resolve().then(() => service.stop()), timedOut]);
      if (result === 'timeout') log(`stop() did not finish within ${input.stopTimeoutMs} ms; ending the session's processes`);
    } catch (error) {
      log(`stop() failed: ${(error as Error)?.message ?? String(error)}`);
    } finally {
      cancel();
    }
  }
  const logTail = (await input.resources?.release()) ?? '';
  return { logTail };
}
