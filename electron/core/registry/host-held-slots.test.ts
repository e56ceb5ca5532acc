// A slot of a type on other machines is unavailable only when something else holds it on every
// host that takes new sessions; what a host's check could not ask is not held.
import { describe, expect, it } from 'vitest';
import type { RealizeService } from '../../../scripts/api';
import type { SessionTypeConfig } from '../config/session-types';
import { SlotAllocator } from './slot-allocator';

const realize: RealizeService = () => ({ start: async () => true, stop: async () => undefined, probe: async () => undefined });

function allocator(drain: string[] = []) {
  const type: SessionTypeConfig = { name: 'Far', script: 'xvnc', count: 2, options: {}, sizes: ['800x600'], remote: { hosts: ['a', 'b'], drain, sshOptions: [] } };
  const slots = new SlotAllocator({ userGroups: [], configDir: '/tmp', loadScript: async () => realize, log: () => undefined, onChange: () => undefined });
  slots.apply([type]);
  return slots;
}
const report = (host: string, held: Record<number, string | undefined>, problem?: string) => ({
  type: 'Far',
  host,
  held: new Map(Object.entries(held).map(([index, reason]) => [Number(index), reason])),
  ...(problem ? { problem } : {}),
});
const slotStates = (slots: SlotAllocator) => slots.typeInfos(() => undefined)[0]!.slots;

describe('slots held on other machines', () => {
  it('is free while one host can take it, unavailable with every host\'s reason once none can, free again when one can', async () => {
    const slots = allocator();
    expect(slots.applyHostChecks([report('a', { 0: 'held on a', 1: undefined })])).toBe(false);
    expect(slotStates(slots)[0]).toEqual({ index: 0, state: 'free' });
    expect(slots.applyHostChecks([report('b', { 0: 'held on b', 1: undefined })])).toBe(true);
    expect(slotStates(slots)).toEqual([
      { index: 0, state: 'unavailable', reason: 'held on a; held on b' },
      { index: 1, state: 'free' },
    ]);
    await expect(slots.claim(slots.get('Far')!, 's1')).resolves.toMatchObject({ index: 1 });
    expect(slots.applyHostChecks([report('b', { 0: undefined })])).toBe(true);
    expect(slotStates(slots)[0]).toEqual({ index: 0, state: 'free' });
  });

  it('counts only hosts that take new sessions, and forgets what a host that cannot be asked held', () => {
    const slots = allocator(['b']);
    expect(slots.applyHostChecks([report('a', { 0: 'held on a' })])).toBe(true);
    expect(slotStates(slots)[0]).toEqual({ index: 0, state: 'unavailable', reason: 'held on a' });
    expect(slots.applyHostChecks([report('a', {}, 'refused')])).toBe(true);
    expect(slotStates(slots)[0]).toEqual({ index: 0, state: 'free' });
  });

  it('asks the hosts about idle slots only', async () => {
    const slots = allocator();
    await slots.claim(slots.get('Far')!, 's1');
    expect(slots.hostCheckRequests().map((request) => [request.type, request.slots.map((slot) => slot.index)])).toEqual([['Far', [1]]]);
  });
});
