// Starting a session in its claimed slot: the slot's service, the session's resources (scratch
// directory, password, log), then the start race. Returns the outcome; ending is the caller's.
import { createSessionResources } from '../script-host/session-resources';
import type { Scheduler } from './clock';
import type { RegistryOptions } from './registry-options';
import type { SessionRecord } from './session-record';
import type { Timing } from './session-timers';
import type { SlotAllocator } from './slot-allocator';
import type { Slot, TypeEntry } from './slot-table';
import { raceStart, type StartOutcome } from './start-race';

export interface StartDeps {
  slots: SlotAllocator;
  options: RegistryOptions;
  timing: Timing;
  scheduler: Scheduler;
  setStep(step: 'server_starting' | 'waiting_for_server'): void;
  processesChanged(): void;
}

export async function startInSlot(record: SessionRecord, entry: TypeEntry, slot: Slot, deps: StartDeps): Promise<StartOutcome> {
  const { options, timing } = deps;
  try {
    record.service = await deps.slots.serviceOf(entry, slot);
    record.resources = await createSessionResources({
      id: record.id,
      sessionsDir: options.sessionsDir,
      env: options.env,
      stopGraceMs: options.stopGraceMs,
      waitTimeoutMs: timing.startTimeoutMs,
      onWaiting: () => deps.setStep('waiting_for_server'),
      onSpawned: () => deps.processesChanged(),
      ...(options.readSecret ? { readSecret: options.readSecret } : {}),
    });
  } catch (error) {
    return { ok: false, cause: 'start_failed', message: (error as Error).message };
  }
  const { resources, service } = record;
  resources.log.line(`session ${record.id}: ${record.type} slot ${slot.index}, ${record.size}, user ${record.user}`);
  const life = record.lifecycle;
  if (life.phase !== 'starting') return { ok: false, cause: 'start_failed', message: 'the session left its start' };
  // A stop asked for before start() ran: the script is never started, so stop() never runs.
  if (life.stopCause) return { ok: false, cause: life.stopCause, message: 'stopped while starting' };
  life.scriptStarted = true;
  deps.setStep('server_starting');
  return raceStart({
    service,
    resources,
    session: { id: record.id, createdAt: record.createdAt, size: record.size, user: record.user },
    timeoutMs: timing.startTimeoutMs,
    scheduler: deps.scheduler,
    target: () => slot.target,
    stopCause: () => (record.lifecycle.phase === 'starting' ? record.lifecycle.stopCause : undefined),
  });
}
