// The registry: the lifecycle of every session in the slots of its type. A slot is reserved
// synchronously before anything is awaited, so concurrent starts never share an index; every end
// of a session goes through one idempotent path that stops its script once and frees its slot.
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/errors';
import type { HistoryEntry } from '../../shared/journal';
import type { DeckEvent, SessionInfo, SessionState, SessionTypeInfo, SlotInfo, StartRequest, StartStep, TerminationCause } from '../../shared/session';
import { isFinalState } from '../../shared/session';
import type { SessionTypeConfig } from '../config/session-types';
import type { AuditInput } from '../journal/journal-api';
import { loadRealizeService } from '../script-host/load-script';
import { createSessionResources } from '../script-host/session-resources';
import { identify } from '../process/process-identity';
import type { PersistedProcess, PersistedSession } from '../recovery/live-registry-file';
import type { SessionResourcesHandle } from '../script-host/session-resources';
import { readRfbBanner } from '../vnc/rfb-client';
import { canTransition, isLive, isRunning, snapshot, type SessionRecord, type VncTarget } from './session-record';
import { CAUSE_OF_TIMER, extendedDeadline, nextTimer, type Timing } from './session-timers';
import { serviceKeyOf, SlotTable, type Slot, type TypeEntry } from './slot-table';

/** What the registry writes to the journal. Failures are logged, never thrown into a session's life. */
export interface RegistryJournal {
  record(input: AuditInput): Promise<unknown>;
  recordEnded(entry: HistoryEntry): Promise<void>;
  noteConcurrency(type: string, running: number, at: number): void;
}

export interface RegistryOptions {
  sessionsFile: string;
  /** Where each session's scratch directory is made. */
  sessionsDir: string;
  user: string;
  /** The OS groups of the user, for options.group. */
  userGroups: readonly string[];
  env: NodeJS.ProcessEnv;
  stopGraceMs: number;
  journal: RegistryJournal;
  /** Read at every use, so settings apply without a restart. */
  timing(): Timing;
  userLimit(): number;
  log(line: string): void;
  /** Saved secrets, for scripts that ask for one by name. */
  readSecret?: (name: string) => Promise<string | undefined>;
  /** Keeps the live registry on disk for crash recovery. */
  persistence?: { write(sessions: PersistedSession[]): Promise<void> };
  /** How many ended sessions stay readable in memory (the journal keeps them all). */
  keepEnded?: number;
}

/** Why a start did not reach ready. */
class StartAbort extends Error {
  constructor(
    readonly endCause: TerminationCause,
    message: string,
  ) {
    super(message);
  }
}

const newSessionId = (): string => randomBytes(9).toString('base64url');

/** How often, and how patiently, a server the session does not own is asked whether it is alive. */
const LIVENESS_INTERVAL_MS = 1000;
const LIVENESS_TIMEOUT_MS = 800;

export class SessionRegistry {
  private readonly slots: SlotTable;
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly listeners = new Set<(event: DeckEvent) => void>();
  private closing = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: RegistryOptions) {
    this.slots = new SlotTable(options.userGroups);
  }

  // --- configuration ------------------------------------------------------------------------

  applyConfig(configs: readonly SessionTypeConfig[]): { added: string[]; changed: string[]; removed: string[] } {
    const change = this.slots.apply(configs);
    this.emitTypes();
    return change;
  }

  // --- queries ------------------------------------------------------------------------------

  onEvent(listener: (event: DeckEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listTypes(): SessionTypeInfo[] {
    return this.slots.entries().map((entry) => ({
      name: entry.config.name,
      script: entry.config.script,
      count: entry.config.count,
      sizes: [...entry.config.sizes],
      slots: entry.slots.map((slot) => this.slotInfo(slot)),
      allowed: entry.allowed,
      ...(entry.notAllowedReason ? { notAllowedReason: entry.notAllowedReason } : {}),
      ...(entry.removed ? { removed: true } : {}),
    }));
  }

  private slotInfo(slot: Slot): SlotInfo {
    const session = slot.sessionId ? this.sessions.get(slot.sessionId) : undefined;
    if (session) return { index: slot.index, state: session.info.state, sessionId: session.info.id, user: session.info.user, since: session.info.createdAt };
    if (slot.unavailable) return { index: slot.index, state: 'unavailable', reason: slot.unavailable };
    return { index: slot.index, state: 'free' };
  }

  listSessions(): SessionInfo[] {
    const timing = this.options.timing();
    return [...this.sessions.values()].map((record) => snapshot(record, timing)).sort((a, b) => b.createdAt - a.createdAt);
  }

  /** The session with this id, if the registry still knows it. */
  findSession(id: string): SessionInfo | undefined {
    const record = this.sessions.get(id);
    return record ? snapshot(record, this.options.timing()) : undefined;
  }

  getSession(id: string): SessionInfo {
    return snapshot(this.record(id), this.options.timing());
  }

  /** Where a running session's VNC server listens, and its password, for a viewer. */
  viewerTarget(id: string): { target: VncTarget; password: string } {
    const record = this.record(id);
    const password = record.resources?.viewerPassword;
    if (!record.target || !password || !isRunning(record)) {
      throw new ApiError('bad_request', `session ${id} is ${record.info.state}, not running`);
    }
    return { target: record.target, password };
  }

  liveCount(): number {
    return [...this.sessions.values()].filter(isLive).length;
  }

  // --- start --------------------------------------------------------------------------------

  /** Starts a session in the lowest free slot; resolves once it is ready, rejects once it has failed. */
  async startSession(request: StartRequest): Promise<SessionInfo> {
    let admitted: { entry: TypeEntry; record: SessionRecord };
    try {
      admitted = this.admit(request);
    } catch (error) {
      await this.auditRefusal(request.type, error);
      throw error;
    }
    const { entry, record } = admitted;
    let slot: Slot;
    try {
      slot = await this.claimSlot(entry, record);
    } catch (error) {
      this.sessions.delete(record.info.id);
      await this.auditRefusal(request.type, error);
      throw error;
    }
    this.emitSession(record);
    this.noteConcurrency(entry.config.name);
    await this.audit({ kind: 'session_created', ...this.where(record), details: { size: record.info.size } });

    try {
      await this.runStart(entry, slot, record);
    } catch (error) {
      const abort = error instanceof StartAbort ? error : new StartAbort('start_failed', (error as Error).message);
      const cause = record.stopRequested ?? abort.endCause;
      const ended = await this.end(record, cause, abort.message);
      if (record.stopRequested) return ended;
      throw new ApiError('start_failed', `${entry.config.name}: ${abort.message}`, { cause, logTail: ended.logTail ?? '', sessionId: ended.id });
    }
    record.target = slot.target;
    record.lastActivityAt = Date.now();
    delete record.info.startStep;
    this.transition(record, 'ready');
    await this.persist();
    await this.audit({ kind: 'session_started', ...this.where(record), details: { host: record.target?.host, port: record.target?.port } });
    void record.resources!.serverExited.then((description) => this.end(record, 'server_exited', description));
    return snapshot(record, this.options.timing());
  }

  /**
   * Every check a start needs before a slot is taken, and the new record counted as live, in one
   * synchronous step: concurrent starts cannot both pass the user limit.
   */
  private admit(request: StartRequest): { entry: TypeEntry; record: SessionRecord } {
    if (this.closing) throw new ApiError('at_capacity', 'Session Deck is shutting down', { limit: 'shutdown' });
    const entry = this.slots.get(request.type);
    if (!entry || entry.removed) throw new ApiError('unknown_type', `unknown session type "${request.type}"`);
    if (!entry.allowed) throw new ApiError('not_authorized', entry.notAllowedReason ?? 'not authorized');
    if (!entry.config.sizes.includes(request.size)) {
      throw new ApiError('bad_request', `size ${request.size} is not offered by "${entry.config.name}" (${entry.config.sizes.join(', ')})`);
    }
    const limit = this.options.userLimit();
    if (this.liveCount() >= limit) {
      throw new ApiError('at_capacity', `At capacity: the user limit of ${limit} session(s) is reached`, { limit: 'user' });
    }
    const record = this.newRecord(entry, request.size);
    this.sessions.set(record.info.id, record);
    return { entry, record };
  }

  private async auditRefusal(type: string, error: unknown): Promise<void> {
    if (!(error instanceof ApiError)) return;
    if (error.code === 'at_capacity') {
      await this.audit({ kind: 'refused_at_capacity', type, user: this.options.user, details: { message: error.message, ...error.details } });
    } else if (error.code === 'not_authorized') {
      await this.audit({ kind: 'refused_not_authorized', type, user: this.options.user, details: { message: error.message } });
    }
  }

  private newRecord(entry: TypeEntry, size: string): SessionRecord {
    const now = Date.now();
    return {
      info: {
        id: newSessionId(),
        type: entry.config.name,
        index: -1,
        size,
        user: this.options.user,
        state: 'starting',
        startStep: 'slot_allocated',
        createdAt: now,
        updatedAt: now,
        viewers: 0,
        bytesToViewer: 0,
        bytesFromViewer: 0,
        revision: 0,
      },
      startCalled: false,
      createdAt: now,
      lastActivityAt: now,
      viewers: 0,
      viewerConnections: 0,
      identities: new Map(),
    };
  }

  /**
   * Takes the lowest startable slot whose display and port are really free. Each candidate is
   * reserved synchronously first (so a concurrent start cannot take it), then probed; a slot held
   * by something foreign is skipped with its reason and never touched.
   */
  private async claimSlot(entry: TypeEntry, record: SessionRecord): Promise<Slot> {
    const skipped: Record<number, string> = {};
    for (;;) {
      const slot = this.slots.startableSlots(entry).find((candidate) => skipped[candidate.index] === undefined);
      if (!slot) {
        const reasons = Object.values(skipped);
        const message =
          `At capacity: all ${entry.config.count} slot(s) of "${entry.config.name}" are in use` +
          (reasons.length > 0 ? `; skipped: ${reasons.join('; ')}` : '');
        throw new ApiError('at_capacity', message, { limit: 'type', ...(reasons.length > 0 ? { skipped } : {}) });
      }
      slot.sessionId = record.info.id; // reserved before the first await
      slot.target = undefined;
      record.info.index = slot.index;
      let busy: string | undefined;
      try {
        busy = await this.probe(entry, slot);
      } catch (error) {
        // The script could not be set up or checked (a bad option, a module that throws): that is
        // its failure to start, not a busy slot.
        slot.sessionId = undefined;
        throw new ApiError('start_failed', `${entry.config.name}: ${(error as Error).message}`, { cause: 'start_failed' });
      }
      if (busy === undefined) {
        slot.unavailable = undefined;
        return slot;
      }
      slot.sessionId = undefined;
      slot.unavailable = busy;
      skipped[slot.index] = `slot ${slot.index}: ${busy}`;
      this.options.log(`${entry.config.name} slot ${slot.index} skipped: ${busy}`);
      this.emitTypes();
    }
  }

  private async probe(entry: TypeEntry, slot: Slot): Promise<string | undefined> {
    const service = await this.serviceOf(entry, slot);
    return service.probe ? service.probe() : undefined;
  }

  /** Realizes the slot's service once per configuration (the seed's realize_service per slot). */
  private async serviceOf(entry: TypeEntry, slot: Slot) {
    const key = serviceKeyOf(entry.config);
    if (slot.service && slot.serviceKey === key) return slot.service;
    const realize = await loadRealizeService(entry.config.script, dirname(this.options.sessionsFile));
    slot.service = realize({
      name: entry.config.name,
      count: entry.config.count,
      index: slot.index,
      commonOptions: entry.config.options,
      setHostPort: (host, port) => (slot.target = { host, port }),
    });
    slot.serviceKey = key;
    return slot.service;
  }

  private async runStart(entry: TypeEntry, slot: Slot, record: SessionRecord): Promise<void> {
    record.service = await this.serviceOf(entry, slot);
    const timing = this.options.timing();
    const resources = await createSessionResources({
      id: record.info.id,
      sessionsDir: this.options.sessionsDir,
      env: this.options.env,
      stopGraceMs: this.options.stopGraceMs,
      waitTimeoutMs: timing.startTimeoutMs,
      onWaiting: () => this.setStartStep(record, 'waiting_for_server'),
      onSpawned: () => void this.persist(),
      ...(this.options.readSecret ? { readSecret: this.options.readSecret } : {}),
    });
    record.resources = resources;
    resources.log.line(`session ${record.info.id}: ${entry.config.name} slot ${slot.index}, ${record.info.size}, user ${record.info.user}`);
    if (record.stopRequested) throw new StartAbort(record.stopRequested, 'stopped while starting');

    const [width, height] = record.info.size.split('x').map(Number) as [number, number];
    record.startCalled = true;
    this.setStartStep(record, 'server_starting');
    let timer: NodeJS.Timeout | undefined;
    const outcomes: Promise<boolean>[] = [
      record.service.start(record.info.id, record.info.createdAt, { size: record.info.size, width, height, user: record.info.user, session: resources.resources }),
      resources.serverExited.then((description) => {
        throw new StartAbort('start_failed', `the server exited during start: ${description}`);
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StartAbort('start_timeout', `no ready server within ${timing.startTimeoutMs} ms`)), timing.startTimeoutMs);
      }),
      new Promise<never>((_, reject) => {
        resources.resources.signal.addEventListener('abort', () => reject(new StartAbort(record.stopRequested ?? 'start_failed', 'start cancelled')));
      }),
    ];
    try {
      const ok = await Promise.race(outcomes);
      if (ok !== true) throw new StartAbort('start_failed', 'the script reported failure');
      if (!slot.target) throw new StartAbort('start_failed', 'the script never called setHostPort(host, port)');
    } finally {
      clearTimeout(timer);
      resources.abort('start finished');
    }
  }

  private setStartStep(record: SessionRecord, step: StartStep): void {
    if (record.info.state !== 'starting' || record.info.startStep === step) return;
    record.info.startStep = step;
    this.emitSession(record);
  }

  // --- running ------------------------------------------------------------------------------

  /** Stops a session (any non-final state); resolves once it has ended. */
  async stopSession(id: string, cause: TerminationCause = 'user_stopped'): Promise<SessionInfo> {
    const record = this.record(id);
    if (isFinalState(record.info.state)) return snapshot(record, this.options.timing());
    if (record.info.state === 'starting' && !record.ending) {
      record.stopRequested = cause;
      record.resources?.abort('stop requested');
      // The start path sees the request and ends the session itself.
      return new Promise((resolve) => {
        const unsubscribe = this.onEvent((event) => {
          if (event.kind === 'session' && event.session.id === id && isFinalState(event.session.state)) {
            unsubscribe();
            resolve(event.session);
          }
        });
      });
    }
    return this.end(record, cause);
  }

  /** Restarts the inactivity timer and moves the deadline to now + the maximum duration (bounded). */
  extendSession(id: string): SessionInfo {
    const record = this.record(id);
    if (!isRunning(record)) throw new ApiError('bad_request', `session ${id} is ${record.info.state}, not running`);
    const now = Date.now();
    record.lastActivityAt = now;
    record.extendedDeadline = extendedDeadline(record, this.options.timing(), now);
    void this.persist();
    this.emitSession(record);
    return snapshot(record, this.options.timing());
  }

  /** Viewer count changes from the bridge: connected with viewers, idle without. */
  noteViewers(id: string, viewers: number, connected: boolean): void {
    const record = this.sessions.get(id);
    if (!record || !isRunning(record)) return;
    const now = Date.now();
    if (connected) {
      record.viewerConnections++;
      record.lastActivityAt = now;
    }
    record.viewers = viewers;
    record.info.viewers = viewers;
    record.lastViewerLeftAt = viewers === 0 ? now : undefined;
    this.transition(record, viewers > 0 ? 'connected' : 'idle');
    this.emitSession(record);
  }

  /** Viewer input reached the server: the session is active. */
  noteInput(id: string, at: number): void {
    const record = this.sessions.get(id);
    if (record && isRunning(record)) record.lastActivityAt = Math.max(record.lastActivityAt, at);
  }

  noteTraffic(id: string, toViewer: number, fromViewer: number): void {
    const record = this.sessions.get(id);
    if (!record) return;
    record.info.bytesToViewer += toViewer;
    record.info.bytesFromViewer += fromViewer;
    record.info.revision++;
  }

  /**
   * Starts the periodic work: the sweep (its interval read from the timing at every round) and the
   * liveness check of servers the session does not own (each second, so that one that dies ends
   * its session within 2 s; servers it owns are noticed at once through their exit).
   */
  startSweeping(): void {
    const every = (intervalMs: () => number, work: () => Promise<void>) => {
      const round = () => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void work().finally(() => {
            if (!this.closing) round();
          });
        }, intervalMs());
        timer.unref();
        this.timers.add(timer);
      };
      round();
    };
    every(() => this.options.timing().sweepIntervalMs, () => this.sweep());
    every(() => LIVENESS_INTERVAL_MS, () => this.checkUnownedServers());
  }

  /** Ends sessions whose timer has fired, in two steps (close_requested, then terminated). */
  async sweep(): Promise<void> {
    const timing = this.options.timing();
    const now = Date.now();
    const ends: Promise<unknown>[] = [];
    for (const record of this.sessions.values()) {
      if (!isRunning(record)) continue;
      const timer = nextTimer(record, timing);
      if (timer && timer.at <= now) ends.push(this.end(record, CAUSE_OF_TIMER[timer.kind], `${timer.kind.replace(/_/g, ' ')} timer fired`));
    }
    await Promise.all([...ends, this.recheckUnavailableSlots()]);
  }

  /** A slot skipped because something else held it is shown free again once that has gone. */
  private async recheckUnavailableSlots(): Promise<void> {
    let changed = false;
    for (const entry of this.slots.entries()) {
      for (const slot of entry.slots) {
        if (slot.unavailable === undefined || slot.sessionId !== undefined) continue;
        const busy = await this.probe(entry, slot).catch((error: Error) => `cannot check the slot: ${error.message}`);
        if (slot.sessionId === undefined && busy !== slot.unavailable) {
          slot.unavailable = busy;
          changed = true;
        }
      }
    }
    if (changed) this.emitTypes();
  }

  /** A server the session did not spawn (an external one) is alive while it answers RFB. */
  private async checkUnownedServers(): Promise<void> {
    const checks = [...this.sessions.values()]
      .filter((record) => isRunning(record) && record.resources && !record.resources.ownsServer && record.target)
      .map((record) =>
        readRfbBanner(record.target!.host, record.target!.port, LIVENESS_TIMEOUT_MS).catch((error: Error) =>
          this.end(record, 'server_exited', `the server stopped answering: ${error.message}`),
        ),
      );
    await Promise.all(checks);
  }

  /** Stops every session and refuses new ones. */
  async close(): Promise<void> {
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.sessions.values()].filter(isLive).map((record) => this.stopSession(record.info.id, 'manager_shutdown')));
  }

  // --- crash recovery -----------------------------------------------------------------------

  /** Writes every live session and what it owns to disk (for recovery after a crash). */
  private async persist(): Promise<void> {
    const persistence = this.options.persistence;
    if (!persistence) return;
    const sessions: PersistedSession[] = [];
    for (const record of this.sessions.values()) {
      if (!isLive(record) || !record.resources) continue;
      const processes: PersistedProcess[] = [];
      for (const owned of record.resources.liveProcesses()) {
        const identity = record.identities.get(owned.pid) ?? (await identify(owned.pid));
        if (!identity) continue;
        record.identities.set(owned.pid, identity);
        processes.push({ ...identity, role: owned.role, command: owned.command });
      }
      sessions.push({
        id: record.info.id,
        type: record.info.type,
        index: record.info.index,
        size: record.info.size,
        user: record.info.user,
        createdAt: record.info.createdAt,
        ...(record.extendedDeadline !== undefined ? { extendedDeadline: record.extendedDeadline } : {}),
        ...(record.target ? { target: record.target } : {}),
        scratchDir: record.resources.resources.scratchDir,
        processes,
      });
    }
    await persistence.write(sessions).catch((error: Error) => this.options.log(`cannot save the live registry: ${error.message}`));
  }

  /**
   * Takes a session that survived a crash of Session Deck back into its slot, running. Returns why
   * not when its type or slot is gone (the caller then ends it).
   */
  adoptRecovered(persisted: PersistedSession, resources: SessionResourcesHandle): string | undefined {
    const entry = this.slots.get(persisted.type);
    const slot = entry?.slots[persisted.index];
    if (!entry || entry.removed || !slot) return `its type "${persisted.type}" or slot ${persisted.index} no longer exists`;
    if (slot.sessionId !== undefined) return `slot ${persisted.index} is taken`;
    if (!persisted.target) return 'it never became ready';
    const now = Date.now();
    const record = this.recoveredRecord(persisted, resources, 'ready');
    record.lastActivityAt = now;
    record.target = persisted.target;
    slot.sessionId = record.info.id;
    slot.target = persisted.target;
    this.sessions.set(record.info.id, record);
    this.emitSession(record);
    void this.persist();
    void this.audit({ kind: 'session_started', ...this.where(record), details: { readopted: true, host: record.target.host, port: record.target.port } });
    void resources.serverExited.then((description) => this.end(record, 'server_exited', description));
    return undefined;
  }

  /** Ends a session that survived a crash and is not re-adopted: processes, files, history. */
  async endRecovered(persisted: PersistedSession, resources: SessionResourcesHandle, reason: string): Promise<SessionInfo> {
    const record = this.recoveredRecord(persisted, resources, 'close_requested');
    this.sessions.set(record.info.id, record);
    const ended = await this.end(record, 'manager_restarted', reason);
    // Its script knows the display and port: its probe removes what a dead server left (a stale lock).
    const entry = this.slots.get(persisted.type);
    const slot = entry?.slots[persisted.index];
    if (entry && slot && slot.sessionId === undefined) {
      slot.unavailable = await this.probe(entry, slot).catch((error: Error) => `cannot check the slot: ${error.message}`);
    }
    return ended;
  }

  private recoveredRecord(persisted: PersistedSession, resources: SessionResourcesHandle, state: SessionState): SessionRecord {
    return {
      info: {
        id: persisted.id,
        type: persisted.type,
        index: persisted.index,
        size: persisted.size,
        user: persisted.user,
        state,
        createdAt: persisted.createdAt,
        updatedAt: Date.now(),
        viewers: 0,
        bytesToViewer: 0,
        bytesFromViewer: 0,
        revision: 0,
      },
      resources,
      startCalled: false, // the script instance that started it died with the old process
      createdAt: persisted.createdAt,
      lastActivityAt: Date.now(),
      ...(persisted.extendedDeadline !== undefined ? { extendedDeadline: persisted.extendedDeadline } : {}),
      viewers: 0,
      viewerConnections: 0,
      identities: new Map(persisted.processes.map((process) => [process.pid, process])),
    };
  }

  // --- the end ------------------------------------------------------------------------------

  /** The one way a session ends: stop() once, release what it owns, free the slot, journal it. */
  private end(record: SessionRecord, cause: TerminationCause, message?: string): Promise<SessionInfo> {
    record.ending ??= (async () => {
      // A start that did not succeed fails; anything else, a cancelled start included, closes.
      const failed = record.info.state === 'starting' && !record.stopRequested;
      if (!failed) this.transition(record, 'close_requested');
      this.viewerRevoker?.(record.info.id);
      if (record.startCalled && record.service) {
        try {
          await record.service.stop();
        } catch (error) {
          record.resources?.log.line(`stop() failed: ${(error as Error).message}`);
        }
      }
      const logTail = (await record.resources?.release()) ?? '';
      this.slots.release(record.info.type, record.info.index, record.info.id);
      const now = Date.now();
      record.info.cause = cause;
      record.info.endedAt = now;
      record.info.viewers = 0;
      delete record.info.startStep;
      if (message) record.info.message = message;
      if (failed) record.info.logTail = logTail;
      this.transition(record, failed ? 'failed' : 'terminated');
      await this.persist();
      this.noteConcurrency(record.info.type);
      await this.journalEnd(record, failed, logTail);
      this.forgetOldEnded();
      return { ...record.info };
    })();
    return record.ending;
  }

  private async journalEnd(record: SessionRecord, failed: boolean, logTail: string): Promise<void> {
    const { info } = record;
    const durationMs = (info.endedAt ?? Date.now()) - info.createdAt;
    if (failed) {
      await this.audit({ kind: 'start_failed', ...this.where(record), details: { cause: info.cause, error: info.message, logTail } });
    }
    await this.audit({
      kind: 'session_completed',
      ...this.where(record),
      details: { state: info.state, cause: info.cause, durationMs, bytesToViewer: info.bytesToViewer, bytesFromViewer: info.bytesFromViewer },
    });
    await this.options.journal
      .recordEnded({
        id: info.id,
        type: info.type,
        index: info.index,
        size: info.size,
        user: info.user,
        startedAt: info.createdAt,
        endedAt: info.endedAt ?? Date.now(),
        durationMs,
        state: info.state === 'failed' ? 'failed' : 'terminated',
        cause: info.cause ?? 'user_stopped',
        ...(info.message ? { message: info.message } : {}),
        bytesToViewer: info.bytesToViewer,
        bytesFromViewer: info.bytesFromViewer,
        viewers: record.viewerConnections,
      })
      .catch((error: Error) => this.options.log(`journal: cannot store the history of ${info.id}: ${error.message}`));
  }

  /** Set by the engine: closes a session's viewer connections when it ends. */
  viewerRevoker?: (sessionId: string) => void;

  // --- helpers ------------------------------------------------------------------------------

  private where(record: SessionRecord) {
    return { sessionId: record.info.id, type: record.info.type, index: record.info.index, user: record.info.user };
  }

  private async audit(input: AuditInput): Promise<void> {
    try {
      await this.options.journal.record(input);
    } catch (error) {
      this.options.log(`journal: cannot record ${input.kind}: ${(error as Error).message}`);
    }
  }

  private noteConcurrency(type: string): void {
    const running = [...this.sessions.values()].filter((record) => record.info.type === type && isLive(record)).length;
    this.options.journal.noteConcurrency(type, running, Date.now());
  }

  private transition(record: SessionRecord, state: SessionState): void {
    if (!canTransition(record.info.state, state)) {
      throw new Error(`session ${record.info.id}: no transition ${record.info.state} -> ${state}`);
    }
    if (record.info.state === state) return;
    record.info.state = state;
    record.info.updatedAt = Date.now();
    this.emitSession(record);
  }

  private forgetOldEnded(): void {
    const ended = [...this.sessions.values()].filter((r) => isFinalState(r.info.state));
    const excess = ended.length - (this.options.keepEnded ?? 200);
    for (const record of ended.sort((a, b) => a.info.updatedAt - b.info.updatedAt).slice(0, Math.max(0, excess))) {
      this.sessions.delete(record.info.id);
    }
  }

  private record(id: string): SessionRecord {
    const record = this.sessions.get(id);
    if (!record) throw new ApiError('not_found', `no session ${id}`);
    return record;
  }

  private emitSession(record: SessionRecord): void {
    record.info.revision++;
    this.emit({ kind: 'session', session: snapshot(record, this.options.timing()) });
    this.emitTypes();
  }

  emitTypes(): void {
    if (this.listeners.size > 0) this.emit({ kind: 'types', types: this.listTypes() });
  }

  emit(event: DeckEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not break the session lifecycle.
      }
    }
  }
}
