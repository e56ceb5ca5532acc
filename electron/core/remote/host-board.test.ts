import { describe, expect, it } from 'vitest';
import { HostBoard } from './host-board';

const placement = (drain: string[] = []) => ({ hosts: ['a', 'b', 'c'], drain, sshOptions: [] });

describe('HostBoard', () => {
  it('puts the host with the fewest sessions of the type first, list order breaking ties', () => {
    const board = new HostBoard();
    const running: Record<string, number> = { a: 2, b: 1, c: 1 };
    expect(board.order('T', placement(), (host) => running[host]!)).toEqual(['b', 'c', 'a']);
  });

  it('leaves draining hosts out, and tries a host that failed after the others until it is reached again', () => {
    const board = new HostBoard();
    expect(board.order('T', placement(['a']), () => 0)).toEqual(['b', 'c']);
    board.failed('T', 'b', 'refused');
    expect(board.order('T', placement(), () => 0)).toEqual(['a', 'c', 'b']);
    expect(board.info('T', placement(['a']), () => 0)).toEqual([
      { name: 'a', sessions: 0, draining: true },
      { name: 'b', sessions: 0, problem: 'refused' },
      { name: 'c', sessions: 0 },
    ]);
    expect(board.reached('T', 'b')).toBe(true);
    expect(board.order('T', placement(), () => 0)).toEqual(['a', 'b', 'c']);
  });

  it('puts a host where the slot is held after the others, even one that failed', () => {
    const board = new HostBoard();
    board.failed('T', 'b', 'refused');
    expect(board.order('T', placement(), () => 0, (host) => host === 'a')).toEqual(['c', 'b', 'a']);
  });

  it('drops what a background check found when a start learnt something newer while it ran', () => {
    const board = new HostBoard();
    const since = board.mark();
    expect(board.reached('T', 'b')).toBe(false); // a start reached b meanwhile
    expect(board.failed('T', 'b', 'refused', since)).toBe(false);
    expect(board.info('T', placement(), () => 0)[1]).toEqual({ name: 'b', sessions: 0 });
    expect(board.failed('T', 'b', 'refused', board.mark())).toBe(true);
    const later = board.mark();
    board.failed('T', 'b', 'refused again');
    expect(board.reached('T', 'b', later)).toBe(false);
    expect(board.info('T', placement(), () => 0)[1]).toEqual({ name: 'b', sessions: 0, problem: 'refused again' });
  });
});
