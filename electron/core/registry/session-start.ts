// Starting a session in its claimed slot: the slot's service, the session's resources (scratch
// directory, password, log, and for a type on other machines the connection to the chosen host),
// then the start race. Returns the outcome; ending is the caller's.
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { createSessionResources, type JobListener, type SessionResourcesOptions } from '../script-host/session-resources';
import type { HostBoard } from '../remote/host-board';
import { SshError } from '../remote/ssh-errors';
import type { Scheduler } from './clock';
import type { RegistryOptions } from './registry-options';
import { pendingStopOf, type SessionRecord } from './session-record';
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
  /** Builds the listener for what a batch-job script says, holding the start timeout while queued. */
  jobListener(timeout: StartTimeout): JobListener;
}

/** The session's resources, on the best host that answers when its type runs elsewhere. */
async function resourcesFor(record: SessionRecord, entry: TypeEntry, base: SessionResourcesOptions, deps: StartDeps): Promise<SessionResourcesHandle> {
  const placement = entry.config.remote;
  if (!placement) return createSessionResources(base);
  const candidates = deps.hosts.order(record.type, placement, (host) => deps.runningOn(host));
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

export async function startInSlot(record: SessionRecord, entry: TypeEntry, slot: Slot, deps: StartDeps): Promise<StartOutcome> {
  const { options, timing } = deps;
  const timeout = new StartTimeout(deps.scheduler, timing.startTimeoutMs);
  try {
    record.service = await deps.slots.serviceOf(entry, slot);
    record.resources = await resourcesFor(
      record,
      entry,
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
        onJob: deps.jobListener(timeout),
        ...(options.readSecret ? { readSecret: options.readSecret } : {}),
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
