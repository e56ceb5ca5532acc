// Session types and their slots, as the sessions file says now and as running sessions still need:
// a removed type, or slots beyond a lowered count, stay until their sessions end but take no new one.
import type { SessionService } from '../../../scripts/api';
import type { SessionTypeConfig } from '../config/session-types';
import type { VncTarget } from './session-record';

export interface Slot {
  index: number;
  service?: SessionService;
  /** The configuration the service was realized with; a changed one is realized again once free. */
  serviceKey?: string;
  /** Where the script said its server listens (setHostPort), for the session now in the slot. */
  target?: VncTarget;
  sessionId?: string;
  /** Why the slot was skipped at the last attempt: something foreign holds its display or port. */
  unavailable?: string;
  /** For a type on other machines: host -> why the slot cannot be used there (the hosts' last check). */
  heldOn?: Map<string, string>;
}

export interface TypeEntry {
  config: SessionTypeConfig;
  slots: Slot[];
  /** No longer in the sessions file. */
  removed: boolean;
  allowed: boolean;
  notAllowedReason?: string;
}

export const serviceKeyOf = (config: SessionTypeConfig): string => JSON.stringify([config.script, config.count, config.options]);

/** Whether a user in these groups may use the type (options.group). */
function authorization(config: SessionTypeConfig, userGroups: readonly string[]): Pick<TypeEntry, 'allowed' | 'notAllowedReason'> {
  const group = config.options.group;
  if (typeof group !== 'string' || group === '') return { allowed: true };
  if (userGroups.includes(group)) return { allowed: true };
  return { allowed: false, notAllowedReason: `only members of the group "${group}" may start "${config.name}"` };
}

export class SlotTable {
  private readonly types = new Map<string, TypeEntry>();

  constructor(private readonly userGroups: readonly string[]) {}

  /** Applies a new configuration; returns the names of added, changed and removed types. */
  apply(configs: readonly SessionTypeConfig[]): { added: string[]; changed: string[]; removed: string[] } {
    const result = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
    const incoming = new Map(configs.map((config) => [config.name, config]));
    for (const [name, entry] of this.types) {
      if (incoming.has(name) || entry.removed) continue;
      entry.removed = true;
      result.removed.push(name);
    }
    for (const config of configs) {
      const entry = this.types.get(config.name);
      if (!entry) result.added.push(config.name);
      else if (entry.removed || serviceKeyOf(entry.config) !== serviceKeyOf(config) || JSON.stringify(entry.config.sizes) !== JSON.stringify(config.sizes)) {
        result.changed.push(config.name);
      }
      const slots = Array.from({ length: Math.max(config.count, entry?.slots.length ?? 0) }, (_, index) => entry?.slots[index] ?? { index });
      this.types.set(config.name, { config, slots, removed: false, ...authorization(config, this.userGroups) });
      this.prune(config.name);
    }
    for (const name of result.removed) this.prune(name);
    return result;
  }

  get(name: string): TypeEntry | undefined {
    return this.types.get(name);
  }

  entries(): TypeEntry[] {
    return [...this.types.values()];
  }

  /** Slots that may take a new session, lowest index first. */
  startableSlots(entry: TypeEntry): Slot[] {
    if (entry.removed) return [];
    return entry.slots.filter((slot) => slot.index < entry.config.count && slot.sessionId === undefined);
  }

  /** Frees a slot once its session has ended; drops what the configuration no longer has. */
  release(typeName: string, index: number, sessionId: string): void {
    const slot = this.types.get(typeName)?.slots[index];
    if (slot?.sessionId !== sessionId) return;
    slot.sessionId = undefined;
    slot.target = undefined;
    this.prune(typeName);
  }

  /** Drops retired slots past the count, and a removed type, once nothing runs in them. */
  private prune(typeName: string): void {
    const entry = this.types.get(typeName);
    if (!entry) return;
    while (entry.slots.length > entry.config.count && entry.slots.at(-1)?.sessionId === undefined) entry.slots.pop();
    for (const slot of entry.slots) {
      if (slot.sessionId === undefined && slot.serviceKey !== undefined && slot.serviceKey !== serviceKeyOf(entry.config)) {
        slot.service = undefined;
        slot.serviceKey = undefined;
      }
    }
    if (entry.removed && entry.slots.every((slot) => slot.sessionId === undefined)) this.types.delete(typeName);
  }
}
