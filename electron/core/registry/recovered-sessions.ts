// Sessions that survived a crash of Session Deck, as the live-registry file recorded them: either
// taken back into their slot, running (their server is ours and answers), or ended for good.
import type { SessionInfo, TerminationCause } from '../../shared/session';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { persistedTarget, type PersistedSession } from './persisted-session';
import { newRecord, type Lifecycle, type SessionRecord, type VncTarget } from './session-record';
import type { SlotAllocator } from './slot-allocator';

export interface RecoveredSessionsDeps {
  slots: SlotAllocator;
  now(): number;
  insert(record: SessionRecord): void;
  publishReady(record: SessionRecord, target: VncTarget): Promise<void>;
  end(record: SessionRecord, cause: TerminationCause, message: string): Promise<SessionInfo>;
  slotsChanged(): void;
}

export class RecoveredSessions {
  constructor(private readonly deps: RecoveredSessionsDeps) {}

  adopt(persisted: PersistedSession, resources: SessionResourcesHandle): string | undefined {
    const target = persistedTarget(persisted);
    if (!target) return 'it never became ready';
    const refusal = this.deps.slots.adopt(persisted.type, persisted.index, persisted.id, target);
    if (refusal) return refusal;
    // The script instance that started it died with the old process: its stop() cannot run.
    const record = this.record(persisted, resources, { phase: 'running', slot: persisted.index, target, viewed: false, scriptStarted: false });
    void this.deps.publishReady(record, target);
    void resources.endingExit.then(({ cause, description }) => this.deps.end(record, cause, description));
    void resources.jobEnded.then((description) => this.deps.end(record, 'job_ended', description));
    return undefined;
  }

  async end(persisted: PersistedSession, resources: SessionResourcesHandle, reason: string, cause: TerminationCause = 'manager_restarted'): Promise<SessionInfo> {
    const target: VncTarget = persistedTarget(persisted) ?? { kind: 'tcp', host: '', port: 0 };
    const record = this.record(persisted, resources, { phase: 'running', slot: persisted.index, target, viewed: false, scriptStarted: false });
    const ended = await this.deps.end(record, cause, reason);
    // Its script's probe removes what a dead server left in the slot (a stale lock).
    if (await this.deps.slots.recheck(persisted.type, persisted.index)) this.deps.slotsChanged();
    return ended;
  }

  private record(persisted: PersistedSession, resources: SessionResourcesHandle, lifecycle: Lifecycle): SessionRecord {
    const record = newRecord({ id: persisted.id, type: persisted.type, size: persisted.size, user: persisted.user, now: this.deps.now(), lifecycle });
    record.createdAt = persisted.createdAt;
    record.resources = resources;
    if (persisted.extendedDeadline !== undefined) record.extendedDeadline = persisted.extendedDeadline;
    if (typeof persisted.label === 'string' && persisted.label !== '') record.label = persisted.label;
    const grace = this.deps.slots.get(persisted.type)?.config.lastViewerGraceMs;
    if (grace !== undefined) record.lastViewerGraceMs = grace;
    for (const process of persisted.processes) record.identities.set(process.pid, process);
    if (persisted.host !== undefined) record.host = persisted.host;
    if (persisted.job) {
      record.job = { ...persisted.job };
      // Its deadline is its job's time limit, which the scheduler enforces.
      record.deadlineFromJob = persisted.extendedDeadline !== undefined;
    }
    this.deps.insert(record);
    return record;
  }
}
