// The registry core: the session records, admission, and the commands. A slot is reserved
// synchronously before anything is awaited, so concurrent starts never share an index; every end
// of a session goes through one idempotent path. What happens is told as session events to the
// subscribers (journal, live-registry file, bridge, public events); the slot allocator, the start
// race, the end sequence and the sweeper each do one job. (About 330 lines: the commands stay
// together because each one reads and moves the same lifecycle.)
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { SessionInfo, SessionTypeInfo, StartRequest, TerminationCause } from '../../shared/session';
import type { SessionTypeConfig } from '../config/session-types';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { checkVncAlive } from '../vnc/vnc-liveness';
import { systemClock, systemScheduler, type Clock, type Scheduler } from './clock';
import { endSession, type EndDeps } from './end-sequence';
import { EventHub } from './event-hub';
import type { PersistedSession } from './persisted-session';
import { RecoveredSessions } from './recovered-sessions';
import type { SessionEvent } from './session-events';
import { batchJobListener } from './batch-job';
import { isLive, isRunning, isStarting, isVisible, newRecord, pendingStopOf, publicState, snapshot, type Lifecycle, type SessionRecord, type VncTarget } from './session-record';
import { extendedDeadline } from './session-timers';
import type { RegistryOptions } from './registry-options';
import { missingServerProgram } from '../config/server-programs';
import { SlotAllocator } from './slot-allocator';
import type { Slot } from './slot-table';
import { startInSlot, type EngineStep } from './session-start';
import { HostBoard } from '../remote/host-board';
import { checkUnownedServers, sweepTimers } from './sweep-rounds';
import { LIVENESS_INTERVAL_MS, Sweeper } from './sweeper';

const newSessionId = (): string => randomBytes(9).toString('base64url');
const LIVENESS_TIMEOUT_MS = 800;
const defaultCheckAlive = (target: VncTarget, password?: string) => checkVncAlive(target, password, LIVENESS_TIMEOUT_MS);

export type { RegistryOptions };

export class SessionRegistry {
  readonly events: EventHub<SessionEvent>;
  private readonly slots: SlotAllocator;
  private readonly records = new Map<string, SessionRecord>();
  private readonly sweeper: Sweeper;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private closing = false;
  private idleSlotsChecked: Promise<void> = Promise.resolve();
  private readonly recovered: RecoveredSessions;
  private readonly hosts = new HostBoard();

  constructor(private readonly options: RegistryOptions) {
    this.clock = options.clock ?? systemClock;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.events = new EventHub((error, event) => options.log(`registry: a subscriber failed on ${event.kind}: ${String(error)}`));
    this.slots = new SlotAllocator({
      userGroups: options.userGroups,
      configDir: dirname(options.sessionsFile),
      ...(options.loadScript ? { loadScript: options.loadScript } : {}),
      missingProgram: (config) => missingServerProgram(config, options.env.PATH),
      log: options.log,
      onChange: () => options.onSlotsChanged?.(),
    });
    const checkAlive = options.checkAlive ?? defaultCheckAlive;
    const end = (record: SessionRecord, cause: TerminationCause, message: string) => this.end(record, cause, message);
    this.recovered = new RecoveredSessions({
      slots: this.slots,
      now: () => this.clock.now(),
      insert: (record) => void this.records.set(record.id, record),
      publishReady: (record, target) => this.publish(record, { kind: 'ready', target, readopted: true }),
      end: (record, cause, message) => this.end(record, cause, message),
      slotsChanged: () => options.onSlotsChanged?.(),
    });
    this.sweeper = new Sweeper({
      scheduler: this.scheduler,
      sweepIntervalMs: () => options.timing().sweepIntervalMs,
      livenessIntervalMs: LIVENESS_INTERVAL_MS,
      sweep: () => this.sweep(),
      checkLiveness: async () => void (await Promise.all(checkUnownedServers(this.records.values(), checkAlive, end))),
      log: options.log,
    });
  }

  applyConfig(configs: readonly SessionTypeConfig[]): { added: string[]; changed: string[]; removed: string[] } {
    const applied = this.slots.apply(configs);
    // Slots something else holds show as such at once, not only after a start ran into them.
    this.idleSlotsChecked = this.slots.recheckIdle().catch((error: unknown) => this.options.log(`slot check failed: ${String(error)}`));
    return applied;
  }

  /** Resolves once the idle slots of the configuration applied last have been looked at. */
  slotsChecked(): Promise<void> {
    return this.idleSlotsChecked;
  }

  listTypes(): SessionTypeInfo[] {
    const types = this.slots.typeInfos((id) => {
      const record = this.records.get(id);
      if (!record || !isVisible(record)) return undefined;
      return { state: publicState(record), sessionId: id, user: record.user, since: record.createdAt };
    });
    for (const type of types) {
      const placement = this.slots.get(type.name)?.config.remote;
      if (placement) type.hosts = this.hosts.info(type.name, placement, (host) => this.runningOn(type.name, host));
    }
    return types;
  }

  /** Live sessions of a type on a host (starting ones included). */
  private runningOn(type: string, host: string): number {
    return this.liveRecords().filter((record) => record.type === type && record.host === host).length;
  }

  listSessions(): SessionInfo[] {
    return [...this.records.values()].filter(isVisible).map((record) => this.snap(record)).sort((a, b) => b.createdAt - a.createdAt);
  }

  findSession(id: string): SessionInfo | undefined {
    const record = this.records.get(id);
    return record && isVisible(record) ? this.snap(record) : undefined;
  }

  getSession(id: string): SessionInfo {
    return this.snap(this.record(id));
  }

  /** Where a running session's VNC server listens, and its password, for a viewer. */
  viewerTarget(id: string): { target: VncTarget; password: string } {
    const record = this.record(id);
    const password = record.resources?.viewerPassword;
    if (!isRunning(record) || !password) throw new ApiError('bad_request', `session ${id} is ${publicState(record)}, not running`);
    return { target: record.lifecycle.target, password };
  }

  /** A running session's server and password, when the session owns that server (spawned it). */
  ownedServerOf(id: string): { target: VncTarget; password: string } | undefined {
    const record = this.records.get(id);
    if (!record || !isRunning(record) || !record.resources?.ownsServer) return undefined;
    return { target: record.lifecycle.target, password: record.resources.viewerPassword };
  }

  /** Live records, the ones still claiming a slot included (the user limit counts them). */
  liveRecords(): SessionRecord[] {
    return [...this.records.values()].filter(isLive);
  }

  /** Sessions of a type that hold a slot now (on a host, when given). */
  runningOfType(type: string, host?: string): number {
    return this.liveRecords().filter((record) => record.type === type && isVisible(record) && (host === undefined || record.host === host)).length;
  }

  /** Starts a session in the lowest free slot; resolves once it is ready, rejects once it has failed. */
  async startSession(request: StartRequest): Promise<SessionInfo> {
    let record: SessionRecord;
    try {
      record = this.admit(request);
    } catch (error) {
      if (error instanceof ApiError) await this.events.emit({ kind: 'refused', type: request.type, error });
      throw error;
    }
    const entry = this.slots.get(record.type)!;
    let slot: Slot;
    try {
      slot = await this.slots.claim(entry, record.id);
    } catch (error) {
      this.records.delete(record.id);
      record.settle(undefined);
      if (error instanceof ApiError) await this.events.emit({ kind: 'refused', type: record.type, error, sessionId: record.id });
      throw error;
    }
    const pendingStop = record.lifecycle.phase === 'claiming' ? record.lifecycle.stopCause : undefined;
    record.lifecycle = { phase: 'starting', slot: slot.index, step: 'slot_allocated', scriptStarted: false, ...(pendingStop ? { stopCause: pendingStop } : {}) };
    const unrecorded = await this.publish(record, { kind: 'created' }, { strict: true }).then(() => undefined, (error: Error) => error);
    if (unrecorded) return this.refuseUnrecorded(record, unrecorded, false);

    const outcome = await startInSlot(record, entry, slot, {
      slots: this.slots,
      options: this.options,
      timing: this.options.timing(),
      scheduler: this.scheduler,
      hosts: this.hosts,
      runningOn: (host) => this.runningOn(record.type, host),
      setStep: (step) => this.setStep(record, step),
      processesChanged: () => void this.events.emit({ kind: 'processes', session: this.snap(record) }),
      typesChanged: () => this.options.onSlotsChanged?.(),
      jobListener: (timeout) => batchJobListener(record, timeout, { setLifecycle: (r, life) => this.setLifecycle(r, life), publish: (r, event) => void this.publish(r, event) }),
    });
    if (!outcome.ok) {
      const stopCause = pendingStopOf(record.lifecycle);
      const ended = await this.end(record, stopCause ?? outcome.cause, outcome.message, stopCause === undefined);
      if (stopCause) return ended;
      throw new ApiError('start_failed', `${entry.config.name}: ${outcome.message}`, { cause: outcome.cause, logTail: ended.logTail ?? '', sessionId: ended.id });
    }
    // The server must be on disk (for recovery after a crash) before the start is acknowledged.
    const unsaved = await this.events.emit({ kind: 'processes', session: this.snap(record) }, { strict: true }).then(() => undefined, (error: Error) => error);
    if (unsaved) return this.refuseUnrecorded(record, unsaved, true);
    // A stop asked for while the start was being recorded is honoured now that it can end.
    const lateStop = pendingStopOf(record.lifecycle);
    record.lastActivityAt = this.clock.now();
    this.setLifecycle(record, { phase: 'running', slot: slot.index, target: outcome.target, viewed: false, scriptStarted: true });
    const unaudited = await this.publish(record, { kind: 'ready', target: outcome.target, readopted: false }, { strict: true }).then(() => undefined, (error: Error) => error);
    if (unaudited) return this.refuseUnrecorded(record, unaudited, true);
    void record.resources!.endingExit.then(({ cause, description }) => this.end(record, cause, description));
    void record.resources!.jobEnded.then((description) => this.end(record, 'job_ended', description));
    if (lateStop) return this.end(record, lateStop);
    return this.snap(record);
  }

  /** Fails closed: a start whose durable records cannot be written ends at once and is refused. */
  private async refuseUnrecorded(record: SessionRecord, error: Error, serverStarted: boolean): Promise<never> {
    const message = `not started: ${error.message}`;
    const ended = await this.end(record, 'start_failed', message, isStarting(record.lifecycle));
    throw new ApiError('journal_unavailable', `${record.type}: ${message}${serverStarted ? '; its server was stopped' : ''}`, { sessionId: ended.id });
  }

  /** Every check before a slot is taken, and the new record counted as live, in one synchronous step. */
  private admit(request: StartRequest): SessionRecord {
    if (this.closing) throw new ApiError('at_capacity', 'Session Deck is shutting down', { limit: 'shutdown' });
    const entry = this.slots.get(request.type);
    if (!entry || entry.removed) throw new ApiError('unknown_type', `unknown session type "${request.type}"`);
    if (!entry.allowed) throw new ApiError('not_authorized', entry.notAllowedReason ?? 'not authorized');
    const notInstalled = this.slots.notInstalled(entry);
    if (notInstalled) throw new ApiError('start_failed', `${entry.config.name}: ${notInstalled}`);
    if (!entry.config.sizes.includes(request.size)) {
      throw new ApiError('bad_request', `size ${request.size} is not offered by "${entry.config.name}" (${entry.config.sizes.join(', ')})`);
    }
    const limit = this.options.userLimit();
    if (this.liveRecords().length >= limit) throw new ApiError('at_capacity', `At capacity: the user limit of ${limit} session(s) is reached`, { limit: 'user' });
    const record = newRecord({ id: newSessionId(), type: entry.config.name, size: request.size, user: this.options.user, now: this.clock.now(), lifecycle: { phase: 'claiming' } });
    const label = request.label?.trim();
    if (label) record.label = label;
    // A session keeps the rule of its type as it was when it started.
    if (entry.config.lastViewerGraceMs !== undefined) record.lastViewerGraceMs = entry.config.lastViewerGraceMs;
    this.records.set(record.id, record);
    return record;
  }

  private setStep(record: SessionRecord, step: EngineStep): void {
    if (record.lifecycle.phase !== 'starting' || record.lifecycle.step === step) return;
    record.lifecycle.step = step;
    void this.publish(record, { kind: 'step' });
  }

  /** Stops a session (any non-final state); resolves once it has ended. */
  async stopSession(id: string, cause: TerminationCause = 'user_stopped'): Promise<SessionInfo> {
    const record = this.record(id);
    return (await this.requestStop(record, cause)) ?? this.snap(record);
  }

  private requestStop(record: SessionRecord, cause: TerminationCause): Promise<SessionInfo | undefined> {
    const life = record.lifecycle;
    switch (life.phase) {
      case 'claiming':
      case 'starting':
      case 'queued':
        // The start path sees the request and ends the session (or refuses it) itself.
        life.stopCause ??= cause;
        record.resources?.abort('stop requested');
        return record.settled;
      case 'running':
        return this.end(record, cause);
      case 'ending':
        return life.done;
      case 'ended':
        return Promise.resolve(this.snap(record));
    }
  }

  /**
   * Restarts the inactivity timer and moves the deadline to now + the maximum duration (bounded);
   * a batch job's deadline is its time limit, which only its script can move (or refuse to, saying why).
   */
  async extendSession(id: string): Promise<SessionInfo> {
    const record = this.record(id);
    if (!isRunning(record)) throw new ApiError('bad_request', `session ${id} is ${publicState(record)}, not running`);
    let deadline: number;
    if (record.deadlineFromJob) {
      const extend = record.service?.extend?.bind(record.service);
      if (!extend) throw new ApiError('not_supported', `session ${id} ends with its batch job's time limit, which its script cannot extend`);
      deadline = await extend().catch((error: Error) => {
        throw new ApiError('bad_request', `not extended: ${error?.message ?? String(error)}`);
      });
      if (!isRunning(record)) throw new ApiError('bad_request', `session ${id} is ${publicState(record)}, not running`);
    } else {
      deadline = extendedDeadline(record, this.options.timing(), this.clock.now());
    }
    record.lastActivityAt = this.clock.now();
    record.extendedDeadline = deadline;
    void this.publish(record, { kind: 'extended' });
    return this.snap(record);
  }

  /** Gives a session that has not ended a new label ('' or blanks: none). */
  renameSession(id: string, label: string): SessionInfo {
    const record = this.record(id);
    if (!isLive(record)) throw new ApiError('bad_request', `session ${id} has ended; its label stays as it was`);
    const next = label.trim() || undefined;
    if (next !== record.label) {
      const previous = record.label;
      record.label = next;
      void this.publish(record, { kind: 'renamed', ...(previous !== undefined ? { previousLabel: previous } : {}) });
    }
    return this.snap(record);
  }

  /** The desktop of a running session has this size now ("WxH"), as its server announced. */
  noteDesktopSize(id: string, size: string): void {
    const record = this.records.get(id);
    if (!record || !isRunning(record) || (record.currentSize ?? record.size) === size) return;
    record.currentSize = size;
    void this.publish(record, { kind: 'resized' });
  }

  /** Viewer count changes from the bridge: connected with viewers, idle without. */
  noteViewers(id: string, viewers: number, connected: boolean): void {
    const record = this.records.get(id);
    if (!record || !isRunning(record)) return;
    const now = this.clock.now();
    if (connected) {
      record.viewerConnections++;
      record.lastActivityAt = now;
    }
    const before = publicState(record);
    record.viewers = viewers;
    record.lastViewerLeftAt = viewers === 0 ? now : undefined;
    record.lifecycle.viewed ||= connected;
    if (publicState(record) !== before) record.updatedAt = now;
    void this.publish(record, { kind: 'viewers', connected });
  }

  /** Viewer input reached the server: the session is active. */
  noteInput(id: string, at: number): void {
    const record = this.records.get(id);
    if (record && isRunning(record)) record.lastActivityAt = Math.max(record.lastActivityAt, at);
  }

  noteTraffic(id: string, toViewer: number, fromViewer: number): void {
    const record = this.records.get(id);
    if (!record) return;
    record.bytesToViewer += toViewer;
    record.bytesFromViewer += fromViewer;
    record.revision++;
  }

  startSweeping(): void {
    this.sweeper.start();
  }

  /** Ends sessions whose timer has fired, warns of those about to, and looks at idle slots again. */
  async sweep(): Promise<void> {
    const ends = sweepTimers(this.records.values(), this.options.timing(), this.clock.now(), {
      end: (record, cause, message) => this.end(record, cause, message),
      warn: (record, timer) => void this.events.emit({ kind: 'warning', session: this.snap(record), timer }),
    });
    await Promise.all([...ends, this.slots.recheckIdle()]);
  }

  /** Stops every session, the starting and claiming ones too, and refuses new ones. */
  async close(): Promise<void> {
    this.closing = true;
    this.sweeper.stop();
    await Promise.all(this.liveRecords().map((record) => this.requestStop(record, 'manager_shutdown')));
  }

  /** Takes a session that survived a crash back into its slot, running; says why not otherwise. */
  adoptRecovered(persisted: PersistedSession, resources: SessionResourcesHandle): string | undefined {
    return this.recovered.adopt(persisted, resources);
  }

  /** Ends a session that survived a crash and is not re-adopted: processes, files, history. */
  endRecovered(persisted: PersistedSession, resources: SessionResourcesHandle, reason: string): Promise<SessionInfo> {
    return this.recovered.end(persisted, resources, reason);
  }

  /** The one way a session ends: stop() once, release what it owns, free the slot, tell everyone. */
  private end(record: SessionRecord, cause: TerminationCause, message?: string, failed = false): Promise<SessionInfo> {
    return endSession(record, { cause, failed, ...(message ? { message } : {}) }, this.endDeps);
  }

  private get endDeps(): EndDeps {
    return {
    stopTimeoutMs: this.options.stopGraceMs,
    scheduler: this.scheduler,
    now: () => this.clock.now(),
    snap: (record) => this.snap(record),
    setLifecycle: (record, lifecycle) => this.setLifecycle(record, lifecycle),
    publish: (record, event) => this.publish(record, event),
    release: (record, slot) => this.slots.release(record.type, slot, record.id),
    ended: () => this.forgetOldEnded(),
    };
  }

  private snap(record: SessionRecord): SessionInfo {
    return snapshot(record, this.options.timing());
  }

  /** Moves a record to its next phase; updatedAt follows changes of the public state. */
  private setLifecycle(record: SessionRecord, lifecycle: Lifecycle): void {
    const before = publicState(record);
    record.lifecycle = lifecycle;
    if (publicState(record) !== before) record.updatedAt = this.clock.now();
  }

  /** Advances the record's revision, then tells the subscribers with a fresh snapshot. */
  private publish(record: SessionRecord, event: DistributiveOmit<Exclude<SessionEvent, { kind: 'refused' }>, 'session'>, options: { strict?: boolean } = {}): Promise<void> {
    record.revision++;
    return this.events.emit({ ...event, session: this.snap(record) } as SessionEvent, options);
  }

  private forgetOldEnded(): void {
    const ended = [...this.records.values()].filter((record) => !isLive(record));
    const excess = ended.length - (this.options.keepEnded ?? 200);
    for (const record of ended.sort((a, b) => a.updatedAt - b.updatedAt).slice(0, Math.max(0, excess))) this.records.delete(record.id);
  }

  private record(id: string): SessionRecord {
    const record = this.records.get(id);
    if (!record || !isVisible(record)) throw new ApiError('not_found', `no session ${id}`);
    return record;
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
