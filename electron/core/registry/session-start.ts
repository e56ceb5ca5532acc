// A start, from the admitted request to a ready session: the slot claim, then in the claimed slot
// the slot's service, the session's resources (scratch directory, password, log, and for a type on
// other machines the connection to the chosen host), the start race, and the durable records a
// start must have before it is acknowledged. A failed start ends through the registry's one end.
import { ApiError } from '../../shared/errors';
import type { SessionInfo, StartRequest, TerminationCause } from '../../shared/session';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { createSessionResources, type SessionResourcesOptions } from '../script-host/session-resources';
import type { HostBoard } from '../remote/host-board';
import { SshError } from '../remote/ssh-errors';
import { batchJobListener, endWhenJobEnds, type BatchJobDeps } from './batch-job';
import type { Scheduler } from './clock';
import type { RegistryOptions } from './registry-options';
import type { EventHub } from './event-hub';
import type { PublishedEvent, SessionEvent } from './session-events';
import { isStarting, pendingStopOf, type Lifecycle, type SessionRecord } from './session-record';
import type { Timing } from './session-timers';
import type { SlotAllocator } from './slot-allocator';
import type { Slot, TypeEntry } from './slot-table';
import { raceStart, StartTimeout, type StartOutcome } from './start-race';

export type EngineStep = 'connecting_to_host' | 'server_starting' | 'forwarding' | 'waiting_for_server';

export interface StartDeps {
  slots: SlotAllocator;
  options: RegistryOptions;
  timing: Timing;
  scheduler: Scheduler;
  hosts: HostBoard;
  /** Sessions of the record's type on a host now (starting ones included). */
  runningOn(host: string): number;
  setStep(step: EngineStep): void;
  processesChanged(): void;
  /** Something the type list shows changed (a host's problem). */
  typesChanged(): void;
  /** For what a batch-job script says (queued, its job, its deadline); the start timeout is held while queued. */
  batchJob: BatchJobDeps;
}

/** The session's resources, on the best host that answers when its type runs elsewhere. */
async function resourcesFor(record: SessionRecord, entry: TypeEntry, slot: Slot, base: SessionResourcesOptions, deps: StartDeps): Promise<SessionResourcesHandle> {
  const placement = entry.config.remote;
  if (!placement) return createSessionResources(base);
  // A host where something else holds every display of the slot comes last: its start would fail, saying so.
  const candidates = deps.hosts.order(record.type, placement, (host) => deps.runningOn(host), (host) => slot.heldOn?.has(host) ?? false);
  if (candidates.length === 0) throw new Error(`every host of "${record.type}" is draining (${placement.drain.join(', ')}): none takes new sessions`);
  const reasons: string[] = [];
  for (const host of candidates) {
    record.host = host; // counted on this host while it connects, so concurrent starts spread
    try {
      const resources = await createSessionResources({ ...base, remote: { destination: host, placement } });
      if (deps.hosts.reached(record.type, host)) deps.typesChanged();
      return resources;
    } catch (error) {
      // Only a host that cannot be reached is skipped; anything else fails this start.
      if (!(error instanceof SshError) || error.problem === 'no_client' || error.problem === 'config') throw error;
      deps.hosts.failed(record.type, host, error.message);
      deps.typesChanged();
      reasons.push(error.message);
    }
  }
  record.host = undefined;
  throw new Error(candidates.length === 1 ? reasons[0]! : `no host could take the session: ${reasons.join('; ')}`);
}

async function startInSlot(record: SessionRecord, entry: TypeEntry, slot: Slot, deps: StartDeps): Promise<StartOutcome> {
  const { options, timing } = deps;
  const timeout = new StartTimeout(deps.scheduler, timing.startTimeoutMs);
  try {
    record.service = await deps.slots.serviceOf(entry, slot);
    record.resources = await resourcesFor(
      record,
      entry,
      slot,
      {
        id: record.id,
        sessionsDir: options.sessionsDir,
        env: options.env,
        stopGraceMs: options.stopGraceMs,
        waitTimeoutMs: timing.startTimeoutMs,
        onWaiting: () => deps.setStep('waiting_for_server'),
        onSpawned: () => deps.processesChanged(),
        onConnecting: () => deps.setStep('connecting_to_host'),
        onForwarding: () => deps.setStep('forwarding'),
        onJob: batchJobListener(record, timeout, deps.batchJob),
        ...(options.readSecret ? { readSecret: options.readSecret } : {}),
        ...(options.keepRemoteLeftover ? { keepRemoteLeftover: options.keepRemoteLeftover } : {}),
      },
      deps,
    );
  } catch (error) {
    return { ok: false, cause: 'start_failed', message: (error as Error).message };
  }
  const { resources, service } = record;
  resources.log.line(`session ${record.id}: ${record.type} slot ${slot.index}${record.host ? ` on ${record.host}` : ''}, ${record.size}, user ${record.user}`);
  const life = record.lifecycle;
  if (life.phase !== 'starting') return { ok: false, cause: 'start_failed', message: 'the session left its start' };
  // A stop asked for before start() ran: the script is never started, so stop() never runs.
  if (life.stopCause) return { ok: false, cause: life.stopCause, message: 'stopped while starting' };
  life.scriptStarted = true;
  deps.setStep('server_starting');
  return raceStart({
    service,
    resources,
    session: { id: record.id, createdAt: record.createdAt, size: record.size, user: record.user, maxDurationMs: timing.maxSessionMs },
    timeout,
    target: () => slot.target,
    stopCause: () => pendingStopOf(record.lifecycle),
  });
}

/** What the registry lends a start. */
export interface StartContext {
  slots: SlotAllocator;
  options: RegistryOptions;
  scheduler: Scheduler;
  hosts: HostBoard;
  events: EventHub<SessionEvent>;
  now(): number;
  /** Admits the request and counts its record as live, or throws the refusal. */
  admit(request: StartRequest): SessionRecord;
  /** Forgets a record that never got a slot. */
  forget(record: SessionRecord): void;
  runningOn(type: string, host: string): number;
  snap(record: SessionRecord): SessionInfo;
  setLifecycle(record: SessionRecord, lifecycle: Lifecycle): void;
  publish(record: SessionRecord, event: PublishedEvent, options?: { strict?: boolean }): Promise<void>;
  end(record: SessionRecord, cause: TerminationCause, message?: string, failed?: boolean): Promise<SessionInfo>;
}

/** Starts a session in the lowest free slot; resolves once it is ready, rejects once it has failed. */
export async function startSession(request: StartRequest, context: StartContext): Promise<SessionInfo> {
  const { events, slots } = context;
  let record: SessionRecord;
  try {
    record = context.admit(request);
  } catch (error) {
    if (error instanceof ApiError) await events.emit({ kind: 'refused', type: request.type, error });
    throw error;
  }
  const entry = slots.get(record.type)!;
  let slot: Slot;
  try {
    slot = await slots.claim(entry, record.id);
  } catch (error) {
    context.forget(record);
    record.settle(undefined);
    if (error instanceof ApiError) await events.emit({ kind: 'refused', type: record.type, error, sessionId: record.id });
    throw error;
  }
  const pendingStop = record.lifecycle.phase === 'claiming' ? record.lifecycle.stopCause : undefined;
  record.lifecycle = { phase: 'starting', slot: slot.index, step: 'slot_allocated', scriptStarted: false, ...(pendingStop ? { stopCause: pendingStop } : {}) };
  const unrecorded = await context.publish(record, { kind: 'created' }, { strict: true }).then(() => undefined, (error: Error) => error);
  if (unrecorded) return refuseUnrecorded(record, unrecorded, false, context);

  const outcome = await startInSlot(record, entry, slot, {
    slots,
    options: context.options,
    timing: context.options.timing(),
    scheduler: context.scheduler,
    hosts: context.hosts,
    runningOn: (host) => context.runningOn(record.type, host),
    setStep: (step) => setStep(record, step, context),
    processesChanged: () => void events.emit({ kind: 'processes', session: context.snap(record) }),
    typesChanged: () => context.options.onSlotsChanged?.(),
    batchJob: { setLifecycle: (r, life) => context.setLifecycle(r, life), publish: (r, event) => void context.publish(r, event) },
  });
  if (!outcome.ok) {
    const stopCause = pendingStopOf(record.lifecycle);
    const ended = await context.end(record, stopCause ?? outcome.cause, outcome.message, stopCause === undefined);
    if (stopCause) return ended;
    throw new ApiError('start_failed', `${entry.config.name}: ${outcome.message}`, { cause: outcome.cause, logTail: ended.logTail ?? '', sessionId: ended.id });
  }
  // The server must be on disk (for recovery after a crash) before the start is acknowledged.
  const unsaved = await events.emit({ kind: 'processes', session: context.snap(record) }, { strict: true }).then(() => undefined, (error: Error) => error);
  if (unsaved) return refuseUnrecorded(record, unsaved, true, context);
  // A stop asked for while the start was being recorded is honoured now that it can end.
  const lateStop = pendingStopOf(record.lifecycle);
  record.lastActivityAt = context.now();
  context.setLifecycle(record, { phase: 'running', slot: slot.index, target: outcome.target, viewed: false, scriptStarted: true });
  const unaudited = await context.publish(record, { kind: 'ready', target: outcome.target, readopted: false }, { strict: true }).then(() => undefined, (error: Error) => error);
  if (unaudited) return refuseUnrecorded(record, unaudited, true, context);
  void record.resources!.endingExit.then(({ cause, description }) => context.end(record, cause, description));
  endWhenJobEnds(record, (r, cause, message) => context.end(r, cause, message));
  if (lateStop) return context.end(record, lateStop);
  return context.snap(record);
}

/** Fails closed: a start whose durable records cannot be written ends at once and is refused. */
async function refuseUnrecorded(record: SessionRecord, error: Error, serverStarted: boolean, context: StartContext): Promise<never> {
  const message = `not started: ${error.message}`;
  const ended = await context.end(record, 'start_failed', message, isStarting(record.lifecycle));
  throw new ApiError('journal_unavailable', `${record.type}: ${message}${serverStarted ? '; its server was stopped' : ''}`, { sessionId: ended.id });
}

function setStep(record: SessionRecord, step: EngineStep, context: StartContext): void {
  if (record.lifecycle.phase !== 'starting' || record.lifecycle.step === step) return;
  record.lifecycle.step = step;
  void context.publish(record, { kind: 'step' });
}
