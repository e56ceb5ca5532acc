// The registry core: the session records and the commands. A slot is reserved synchronously before
// anything is awaited, so concurrent starts never share an index; every end of a session goes
// through one idempotent path. What happens is told as session events to the subscribers (journal,
// live-registry file, bridge, public events). Admission, the start (session-start), a batch job's
// queue, end and Extend (batch-job), the end sequence, what viewers report (viewer-reports) and the
// sweeper each live in their own file.
import { dirname, join } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { SessionInfo, SessionTypeInfo, StartRequest, TerminationCause, TrafficTotals } from '../../shared/session';
import type { SessionTypeConfig } from '../config/session-types';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { checkVncAlive } from '../vnc/vnc-liveness';
import { systemClock, systemScheduler, type Clock, type Scheduler } from './clock';
import { endSession, requestStop, type EndDeps } from './end-sequence';
import { EventHub } from './event-hub';
import type { PersistedSession } from './persisted-session';
import { RecoveredSessions } from './recovered-sessions';
import type { PublishedEvent, SessionEvent } from './session-events';
import { isLive, isRunning, isVisible, publicState, snapshot, type Lifecycle, type SessionRecord, type VncTarget } from './session-record';
import { extendedDeadline } from './session-timers';
import { extendJob } from './batch-job';
import type { RegistryOptions } from './registry-options';
import { missingServerProgram } from '../config/server-programs';
import { SlotAllocator } from './slot-allocator';
import { startSession, type StartContext } from './session-start';
import { admit } from './admission';
import { ViewerReports } from './viewer-reports';
import { HostBoard } from '../remote/host-board';
import { HostChecks } from './host-checks';
import { checkUnownedServers, sweepTimers } from './sweep-rounds';
import { LIVENESS_INTERVAL_MS, Sweeper } from './sweeper';

const LIVENESS_TIMEOUT_MS = 800;
const defaultCheckAlive = (target: VncTarget, password?: string) => checkVncAlive(target, password, LIVENESS_TIMEOUT_MS);

export type { RegistryOptions };

export class SessionRegistry {
  readonly events: EventHub<SessionEvent>;
  /** Running sessions' byte totals, at a bounded rate (apart from the events: nothing else changed). */
  readonly traffic: EventHub<TrafficTotals>;
  private readonly reports: ViewerReports;
  private readonly slots: SlotAllocator;
  private readonly records = new Map<string, SessionRecord>();
  private readonly sweeper: Sweeper;
  private readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private closing = false;
  private idleSlotsChecked: Promise<void> = Promise.resolve();
  private readonly recovered: RecoveredSessions;
  private readonly hosts = new HostBoard();
  /** What the start and end sequences borrow from the registry. */
  private readonly lent: StartContext & EndDeps;
  private readonly hostChecks: HostChecks;

  constructor(private readonly options: RegistryOptions) {
    this.clock = options.clock ?? systemClock;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.events = new EventHub((error, event) => options.log(`registry: a subscriber failed on ${event.kind}: ${String(error)}`));
    this.reports = new ViewerReports({ record: (id) => this.records.get(id), clock: this.clock, scheduler: this.scheduler, publish: (record, event) => this.publish(record, event), log: options.log });
    this.traffic = this.reports.trafficTotals;
    this.slots = new SlotAllocator({
      userGroups: options.userGroups,
      configDir: dirname(options.sessionsFile),
      ...(options.loadScript ? { loadScript: options.loadScript } : {}),
      missingProgram: (config) => missingServerProgram(config, options.env.PATH),
      log: options.log,
      onChange: () => options.onSlotsChanged?.(),
    });
    this.lent = {
      slots: this.slots,
      options,
      scheduler: this.scheduler,
      hosts: this.hosts,
      events: this.events,
      stopTimeoutMs: options.stopGraceMs,
      now: () => this.clock.now(),
      admit: (request) => this.admit(request),
      forget: (record) => void this.records.delete(record.id),
      runningOn: (type, host) => this.runningOn(type, host),
      snap: (record) => this.snap(record),
      setLifecycle: (record, lifecycle) => this.setLifecycle(record, lifecycle),
      publish: (record, event, publishOptions?: { strict?: boolean }) => this.publish(record, event, publishOptions),
      end: (record, cause, message, failed) => this.end(record, cause, message, failed),
      release: (record, slot) => this.slots.release(record.type, slot, record.id),
      ended: () => this.forgetOldEnded(),
    };
    const { end } = this.lent;
    this.hostChecks = new HostChecks({
      slots: this.slots,
      hosts: this.hosts,
      // Beside the sessions directory, whose every entry is a session's.
      dir: join(dirname(options.sessionsDir), 'host-checks'),
      env: options.env,
      log: options.log,
      changed: () => options.onSlotsChanged?.(),
    });
    const checkAlive = options.checkAlive ?? defaultCheckAlive;
    this.recovered = new RecoveredSessions({
      slots: this.slots,
      now: () => this.clock.now(),
      insert: (record) => void this.records.set(record.id, record),
      publishReady: (record, target) => this.publish(record, { kind: 'ready', target, readopted: true }),
      end,
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
    this.hostChecks.refresh(true);
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
  startSession(request: StartRequest): Promise<SessionInfo> {
    return startSession(request, this.lent);
  }

  /** Admission and the new record counted as live, in one synchronous step. */
  private admit(request: StartRequest): SessionRecord {
    const live = this.liveRecords().length;
    const record = admit(request, { closing: this.closing, slots: this.slots, userLimit: this.options.userLimit(), live, user: this.options.user, now: this.clock.now() });
    this.records.set(record.id, record);
    return record;
  }

  /** Stops a session (any non-final state); resolves once it has ended. */
  async stopSession(id: string, cause: TerminationCause = 'user_stopped'): Promise<SessionInfo> {
    const record = this.record(id);
    return (await requestStop(record, cause, this.lent)) ?? this.snap(record);
  }

  /**
   * Restarts the inactivity timer and moves the deadline to now + the maximum duration (bounded);
   * a batch job's deadline is its time limit, which only its script can move (or refuse to, saying why).
   */
  async extendSession(id: string): Promise<SessionInfo> {
    const record = this.record(id);
    if (!isRunning(record)) throw new ApiError('bad_request', `session ${id} is ${publicState(record)}, not running`);
    const deadline = record.deadlineFromJob ? await extendJob(record) : extendedDeadline(record, this.options.timing(), this.clock.now());
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

  /** What the bridge and the desktop-size watch report (viewer-reports.ts). */
  noteDesktopSize = (id: string, size: string): void => this.reports.desktopSize(id, size);
  noteViewers = (id: string, viewers: number, connected: boolean): void => this.reports.viewers(id, viewers, connected);
  noteInput = (id: string, at: number): void => this.reports.input(id, at);
  noteTraffic = (id: string, toViewer: number, fromViewer: number): void => this.reports.traffic(id, toViewer, fromViewer);

  startSweeping(): void {
    this.sweeper.start();
  }

  /** Ends sessions whose timer has fired, warns of those about to, and looks at idle slots again. */
  async sweep(): Promise<void> {
    const ends = sweepTimers(this.records.values(), this.options.timing(), this.clock.now(), {
      end: (record, cause, message) => this.end(record, cause, message),
      warn: (record, timer) => void this.events.emit({ kind: 'warning', session: this.snap(record), timer }),
    });
    this.hostChecks.refresh();
    await Promise.all([...ends, this.slots.recheckIdle()]);
  }

  /** Stops every session, the starting and claiming ones too, and refuses new ones. */
  async close(): Promise<void> {
    this.closing = true;
    this.sweeper.stop();
    await Promise.all([this.hostChecks.close(), ...this.liveRecords().map((record) => requestStop(record, 'manager_shutdown', this.lent))]);
  }

  /** Takes a session that survived a crash back into its slot, running; says why not otherwise. */
  adoptRecovered(persisted: PersistedSession, resources: SessionResourcesHandle): string | undefined {
    return this.recovered.adopt(persisted, resources);
  }

  /** Ends a session that survived a crash and is not re-adopted: processes, files, history. */
  endRecovered(persisted: PersistedSession, resources: SessionResourcesHandle, reason: string, cause?: TerminationCause): Promise<SessionInfo> {
    return this.recovered.end(persisted, resources, reason, cause);
  }

  /** The one way a session ends: stop() once, release what it owns, free the slot, tell everyone. */
  private end(record: SessionRecord, cause: TerminationCause, message?: string, failed = false): Promise<SessionInfo> {
    return endSession(record, { cause, failed, ...(message ? { message } : {}) }, this.lent);
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
  private publish(record: SessionRecord, event: PublishedEvent, options: { strict?: boolean } = {}): Promise<void> {
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
