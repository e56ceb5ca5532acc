import { describe, expect, it } from 'vitest';
import type { RealizeService } from '../../../scripts/api';
import type { SessionTypeConfig } from '../config/session-types';
import { SlotAllocator, type LoadScript } from './slot-allocator';

const TYPE: SessionTypeConfig = { name: 'Desk', script: './desk.mjs', count: 1, options: {}, sizes: ['800x600'] };

function allocator(loadScript: LoadScript, probeTimeoutMs = 50) {
  const slots = new SlotAllocator({ userGroups: [], configDir: '/tmp', loadScript, probeTimeoutMs, log: () => undefined, onChange: () => undefined });
  slots.apply([TYPE]);
  return slots;
}

/** A realizeService that counts its calls; its services' probe runs `probe`. */
function counted(probe?: () => Promise<string | undefined>) {
  const calls = { realized: 0 };
  const realize: RealizeService = () => {
    calls.realized += 1;
    return { start: async () => true, stop: async () => undefined, ...(probe ? { probe } : {}) };
  };
  return { realize, calls };
}

describe('the slot allocator', () => {
  it('a probe that never answers makes the slot unavailable with that reason, within the probe timeout', async () => {
    const { realize } = counted(() => new Promise(() => undefined));
    const slots = allocator(async () => realize);
    await expect(slots.claim(slots.get('Desk')!, 's1')).rejects.toMatchObject({
      code: 'at_capacity',
      message: expect.stringContaining("slot 0: the script's probe did not answer within 50 ms"),
    });
    expect(slots.typeInfos(() => undefined)[0]?.slots[0]).toEqual({ index: 0, state: 'unavailable', reason: "the script's probe did not answer within 50 ms" });
  });

  it('realizes a slot once while neither the loader nor the configuration changes, and again when either does', async () => {
    const first = counted();
    let current = first.realize;
    const slots = allocator(async () => current);
    const entry = () => slots.get('Desk')!;
    const slot = () => entry().slots[0]!;
    const service = await slots.serviceOf(entry(), slot());
    expect(await slots.serviceOf(entry(), slot())).toBe(service);
    expect(first.calls.realized).toBe(1);

    slots.apply([TYPE]); // a reload of an unchanged sessions file
    expect(await slots.serviceOf(entry(), slot())).not.toBe(service);
    expect(first.calls.realized).toBe(2);

    const edited = counted(); // the loader's module was edited on disk
    current = edited.realize;
    await slots.serviceOf(entry(), slot());
    expect(edited.calls.realized).toBe(1);
  });
});
