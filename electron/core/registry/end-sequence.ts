// The end of a session, whatever ended it: the script's stop() once (if its start() ran), bounded
// so a stop() that never returns cannot hold the slot; then every process it owns is ended, its
// scratch directory removed and its slot freed.
import type { SessionService } from '../../../scripts/api';
import type { SessionInfo, TerminationCause } from '../../shared/session';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import type { Scheduler } from './clock';
import type { SessionEvent } from './session-events';
import type { Lifecycle, SessionRecord } from './session-record';

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

export interface EndDeps {
  stopTimeoutMs: number;
  scheduler: Scheduler;
  now(): number;
  snap(record: SessionRecord): SessionInfo;
  setLifecycle(record: SessionRecord, lifecycle: Lifecycle): void;
  publish(record: SessionRecord, event: { kind: 'ending'; cause: TerminationCause } | Omit<Extract<SessionEvent, { kind: 'ended' }>, 'session'>): Promise<void>;
  release(record: SessionRecord, slot: number): void;
  /** The record has ended and told so. */
  ended(): void;
}

export interface EndRequest {
  cause: TerminationCause;
  message?: string;
  /** It never became ready and nobody asked it to stop. */
  failed: boolean;
}

/**
 * Ends a session once, however many ask: close_requested (or still starting, for a failed
 * start), the end sequence, the slot freed, then ended. Every caller gets the same final info.
 */
export function endSession(record: SessionRecord, request: EndRequest, deps: EndDeps): Promise<SessionInfo> {
  const life = record.lifecycle;
  if (life.phase === 'ending') return life.done;
  if (life.phase === 'ended') return Promise.resolve(deps.snap(record));
  if (life.phase === 'claiming') throw new Error(`session ${record.id} has no slot to end`);
  const { slot, scriptStarted } = life;
  const { cause, failed } = request;
  const message = request.message ? { message: request.message } : {};
  let finish: (info: SessionInfo) => void = () => undefined;
  const done = new Promise<SessionInfo>((resolve) => (finish = resolve));
  deps.setLifecycle(record, { phase: 'ending', slot, cause, failed, ...message, done });
  void (async () => {
    await deps.publish(record, { kind: 'ending', cause });
    const { logTail } = await runEndSequence({
      ...(record.service ? { service: record.service } : {}),
      scriptStarted,
      ...(record.resources ? { resources: record.resources } : {}),
      stopTimeoutMs: deps.stopTimeoutMs,
      scheduler: deps.scheduler,
    });
    deps.release(record, slot);
    record.viewers = 0;
    deps.setLifecycle(record, { phase: 'ended', slot, cause, failed, ...message, ...(failed ? { logTail } : {}), endedAt: deps.now() });
    await deps.publish(record, { kind: 'ended', failed, logTail, viewerConnections: record.viewerConnections });
    const ended = deps.snap(record);
    record.settle(ended);
    finish(ended);
    deps.ended();
  })();
  return done;
}

/** A stop asked for in any phase; a start in progress sees it and ends (or refuses) the session itself. */
export function requestStop(
  record: SessionRecord,
  cause: TerminationCause,
  deps: Pick<EndDeps, 'snap'> & { end(record: SessionRecord, cause: TerminationCause): Promise<SessionInfo> },
): Promise<SessionInfo | undefined> {
  const life = record.lifecycle;
  switch (life.phase) {
    case 'claiming':
    case 'starting':
    case 'queued':
      life.stopCause ??= cause;
      record.resources?.abort('stop requested');
      return record.settled;
    case 'running':
      return deps.end(record, cause);
    case 'ending':
      return life.done;
    case 'ended':
      return Promise.resolve(deps.snap(record));
  }
}
