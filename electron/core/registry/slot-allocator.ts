// Slots: which may take a new session, whether something foreign holds one, and the script
// service realized for each (once per configuration, as realizeService is called once per slot).
import type { ProbeHost, RealizeService, SessionService } from '../../../scripts/api';
import { ApiError } from '../../shared/errors';
import type { SessionTypeInfo, SlotInfo } from '../../shared/session';
import type { SessionTypeConfig } from '../config/session-types';
import type { HostCheckReport, HostCheckRequest } from '../remote/host-slot-watch';
import type { RemotePlacement } from '../remote/ssh-placement';
import { loadRealizeService } from '../script-host/load-script';
import { tcpTarget, unixTarget } from '../vnc/vnc-target';
import type { VncTarget } from './session-record';
import { serviceKeyOf, SlotTable, type Slot, type TypeEntry } from './slot-table';

export type LoadScript = (script: string, configDir: string) => Promise<RealizeService>;

/** How long a script's probe() may take before its slot counts as unavailable. */
export const PROBE_TIMEOUT_MS = 3_000;

export interface SlotAllocatorOptions {
  userGroups: readonly string[];
  /** Anchors relative script paths (the sessions file's directory). */
  configDir: string;
  loadScript?: LoadScript;
  /** Default PROBE_TIMEOUT_MS. */
  probeTimeoutMs?: number;
  /** Why no session of a type can start here because its server program is missing, or undefined. */
  missingProgram?: (config: SessionTypeConfig) => string | undefined;
  log(line: string): void;
  /** Something about the slots changed that listTypes shows (a slot found held, or free again). */
  onChange(): void;
}

/** How a slot's session looks in the type list. */
export type SlotOccupant = Pick<SlotInfo, 'state' | 'sessionId' | 'user' | 'since'>;

/** No slot to start in: every one is in use by a session, or held by another program, which is said. */
function noFreeSlot(entry: TypeEntry, skipped: Record<number, string>): ApiError {
  const { name, count } = entry.config;
  const reasons = Object.values(skipped);
  if (reasons.length === 0) return new ApiError('at_capacity', `At capacity: all ${count} slot(s) of "${name}" are in use`, { limit: 'type' });
  const held = `held by another program (not Session Deck): ${reasons.join('; ')}`;
  const message =
    reasons.length >= count
      ? `No slot of "${name}" can be used: ${count === 1 ? 'its slot is' : `all ${count} slots are`} ${held}`
      : `No free slot of "${name}": ${count - reasons.length} in use by sessions, the others ${held}`;
  return new ApiError('at_capacity', message, { limit: 'type', skipped, heldByOthers: reasons.length });
}

/** Why a slot of a type on other machines cannot be used: held on every host that takes sessions. */
function heldOnEveryHost(placement: RemotePlacement, slot: Slot): string | undefined {
  const reasons = placement.hosts.filter((host) => !placement.drain.includes(host)).map((host) => slot.heldOn?.get(host));
  if (reasons.length === 0 || reasons.some((reason) => reason === undefined)) return undefined;
  return reasons.join('; ');
}

export class SlotAllocator {
  private readonly table: SlotTable;
  private readonly loadScript: LoadScript;
  /** The realizeService and configuration generation each slot's service came from. */
  private readonly realizedBy = new WeakMap<Slot, { realize: RealizeService; generation: number }>();
  /** Bumped by every configuration applied: each gives the slots a fresh realizeService. */
  private generation = 0;

  constructor(private readonly options: SlotAllocatorOptions) {
    this.table = new SlotTable(options.userGroups);
    this.loadScript = options.loadScript ?? loadRealizeService;
  }

  apply(configs: readonly SessionTypeConfig[]): { added: string[]; changed: string[]; removed: string[] } {
    this.generation += 1;
    return this.table.apply(configs);
  }

  get(type: string): TypeEntry | undefined {
    return this.table.get(type);
  }

  typeInfos(occupant: (sessionId: string) => SlotOccupant | undefined): SessionTypeInfo[] {
    const slotInfo = (slot: Slot): SlotInfo => {
      const session = slot.sessionId ? occupant(slot.sessionId) : undefined;
      if (session) return { index: slot.index, ...session };
      if (slot.unavailable) return { index: slot.index, state: 'unavailable', reason: slot.unavailable };
      return { index: slot.index, state: 'free' };
    };
    return this.table.entries().map((entry) => {
      const notInstalled = this.notInstalled(entry);
      return {
        name: entry.config.name,
        script: entry.config.script,
        count: entry.config.count,
        sizes: [...entry.config.sizes],
        slots: entry.slots.map(slotInfo),
        allowed: entry.allowed,
        ...(entry.notAllowedReason ? { notAllowedReason: entry.notAllowedReason } : {}),
        ...(entry.removed ? { removed: true } : {}),
        ...(notInstalled ? { notInstalled } : {}),
      };
    });
  }

  /** Looked up at every listing and start (a few stat calls), so installing the package clears it without a restart. */
  notInstalled(entry: TypeEntry): string | undefined {
    return entry.removed ? undefined : this.options.missingProgram?.(entry.config);
  }

  /**
   * Takes the lowest startable slot whose display and port are really free. Each candidate is
   * reserved synchronously first (so a concurrent start cannot take it), then probed; a slot held
   * by something foreign is skipped with its reason and never touched.
   */
  async claim(entry: TypeEntry, sessionId: string): Promise<Slot> {
    const skipped: Record<number, string> = {};
    for (;;) {
      const slot = this.table.startableSlots(entry).find((candidate) => skipped[candidate.index] === undefined);
      if (!slot) throw noFreeSlot(entry, skipped);
      slot.sessionId = sessionId; // reserved before the first await
      slot.target = undefined;
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
      this.options.onChange();
    }
  }

  /**
   * The script's probe, bounded: one that never answers makes the slot unavailable, saying so. For
   * a type on other machines, what the hosts' last background check found (never a wait on SSH).
   */
  private async probe(entry: TypeEntry, slot: Slot): Promise<string | undefined> {
    if (entry.config.remote) return heldOnEveryHost(entry.config.remote, slot);
    const service = await this.serviceOf(entry, slot);
    if (!service.probe) return undefined;
    const timeoutMs = this.options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`the script's probe did not answer within ${timeoutMs} ms`), timeoutMs);
    });
    try {
      return await Promise.race([Promise.resolve().then(() => service.probe!()), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The slot's service. realizeService runs again for a new configuration (every apply, even of an
   * unchanged file) and whenever the loader hands out another realizeService (a module edited on
   * disk); setHostPort or setUnixSocket records the slot's target.
   */
  async serviceOf(entry: TypeEntry, slot: Slot): Promise<SessionService> {
    const key = serviceKeyOf(entry.config);
    const realize = await this.loadScript(entry.config.script, this.options.configDir);
    const realized = this.realizedBy.get(slot);
    if (slot.service && slot.serviceKey === key && realized?.realize === realize && realized.generation === this.generation) return slot.service;
    this.realizedBy.set(slot, { realize, generation: this.generation });
    slot.service = realize({
      name: entry.config.name,
      count: entry.config.count,
      index: slot.index,
      commonOptions: entry.config.options,
      setHostPort: (host, port) => (slot.target = tcpTarget(host, port)),
      setUnixSocket: (path) => (slot.target = unixTarget(path)),
    });
    slot.serviceKey = key;
    return slot.service;
  }

  /** The idle slots of the types on other machines, with their probes, for the hosts' background check. */
  hostCheckRequests(): HostCheckRequest[] {
    return this.table.entries().flatMap((entry) => {
      const placement = entry.config.remote;
      if (!placement || entry.removed) return [];
      const slots = this.table.startableSlots(entry).map((slot) => ({
        index: slot.index,
        probe: async (host: ProbeHost) => (await this.serviceOf(entry, slot)).probe?.(host),
      }));
      return slots.length > 0 ? [{ type: entry.config.name, placement, slots }] : [];
    });
  }

  /** Takes in what the hosts' check found; returns whether a slot's state changed (and says so in the log). */
  applyHostChecks(reports: readonly HostCheckReport[]): boolean {
    for (const report of reports) {
      for (const slot of this.table.get(report.type)?.slots ?? []) {
        if (slot.sessionId !== undefined) continue;
        // A host that could not be asked holds nothing that is known.
        const reason = report.problem === undefined ? report.held.get(slot.index) : undefined;
        if (reason !== undefined) (slot.heldOn ??= new Map()).set(report.host, reason);
        else if (report.problem !== undefined || report.held.has(slot.index)) slot.heldOn?.delete(report.host);
      }
    }
    let changed = false;
    for (const entry of this.table.entries()) {
      if (!entry.config.remote) continue;
      for (const slot of this.table.startableSlots(entry)) {
        const busy = heldOnEveryHost(entry.config.remote, slot);
        if (busy === slot.unavailable) continue;
        this.options.log(`${entry.config.name} slot ${slot.index} is ${busy ? `unavailable: ${busy}` : 'free again'}`);
        slot.unavailable = busy;
        changed = true;
      }
    }
    return changed;
  }

  /** Puts a session that survived a restart back into its slot; says why not when it cannot. */
  adopt(type: string, index: number, sessionId: string, target: VncTarget): string | undefined {
    const entry = this.table.get(type);
    const slot = entry?.slots[index];
    if (!entry || entry.removed || !slot) return `its type "${type}" or slot ${index} no longer exists`;
    if (slot.sessionId !== undefined) return `slot ${index} is taken`;
    slot.sessionId = sessionId;
    slot.target = target;
    return undefined;
  }

  release(type: string, index: number, sessionId: string): void {
    this.table.release(type, index, sessionId);
  }

  /** Probes a free slot again (its script's probe also removes what a dead server left behind). */
  async recheck(type: string, index: number): Promise<boolean> {
    const entry = this.table.get(type);
    const slot = entry?.slots[index];
    if (!entry || !slot || slot.sessionId !== undefined) return false;
    const busy = await this.probe(entry, slot).catch((error: Error) => `cannot check the slot: ${error.message}`);
    if (slot.sessionId !== undefined || busy === slot.unavailable) return false;
    slot.unavailable = busy;
    return true;
  }

  /**
   * Probes every slot no session holds, so one that something else took shows as unavailable (with
   * why) before anyone presses Start, and free again once that has gone. A probe that throws (a
   * script that cannot load) changes nothing here: a start reports that as its failure.
   */
  async recheckIdle(): Promise<void> {
    let changed = false;
    for (const entry of this.table.entries()) {
      if (entry.removed) continue;
      for (const slot of this.table.startableSlots(entry)) {
        const busy = await this.probe(entry, slot).then(
          (reason) => ({ reason }),
          () => undefined,
        );
        if (!busy || slot.sessionId !== undefined || busy.reason === slot.unavailable) continue;
        if (busy.reason) this.options.log(`${entry.config.name} slot ${slot.index} is unavailable: ${busy.reason}`);
        slot.unavailable = busy.reason;
        changed = true;
      }
    }
    if (changed) this.options.onChange();
  }
}
