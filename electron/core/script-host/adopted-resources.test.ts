import { describe, expect, it } from 'vitest';
import { endingOrder } from './adopted-resources';

type Role = 'server' | 'helper';
const processes = (roles: readonly Role[]) => roles.map((role, pid) => ({ pid, role }));

/** Every arrangement of two servers and two helpers, and some longer ones. */
const ARRANGEMENTS: Role[][] = [
  ['server', 'server', 'helper', 'helper'],
  ['server', 'helper', 'server', 'helper'],
  ['server', 'helper', 'helper', 'server'],
  ['helper', 'server', 'server', 'helper'],
  ['helper', 'server', 'helper', 'server'],
  ['helper', 'helper', 'server', 'server'],
  ['server', 'helper', 'server', 'helper', 'server', 'helper', 'helper', 'server', 'helper', 'server', 'server', 'helper'],
  [...Array<Role>(12).fill('server'), ...Array<Role>(12).fill('helper')],
];

describe('ending order of re-adopted processes', () => {
  it.each(ARRANGEMENTS.map((roles) => [roles.join(' '), roles] as const))('ends every helper before any server: %s', (_, roles) => {
    const ordered = endingOrder(processes(roles));
    const firstServer = ordered.findIndex((process) => process.role === 'server');
    const lastHelper = ordered.map((process) => process.role).lastIndexOf('helper');
    expect(lastHelper).toBeLessThan(firstServer);
    // Stable within a kind: recorded order kept.
    const pids = (role: Role) => ordered.filter((process) => process.role === role).map((process) => process.pid);
    expect(pids('helper')).toEqual([...pids('helper')].sort((a, b) => a - b));
    expect(pids('server')).toEqual([...pids('server')].sort((a, b) => a - b));
  });
});
