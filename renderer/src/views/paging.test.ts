import { describe, expect, it } from 'vitest';
import { dayBound, initialPaged, pagedReducer, type PagedState } from './paging';

describe('paged lists', () => {
  it('loads a first page, appends the next one and keeps the cursor of the last', () => {
    let state: PagedState<number> = initialPaged();
    state = pagedReducer(state, { kind: 'reset', request: 1 });
    expect(state.loading).toBe(true);
    state = pagedReducer(state, { kind: 'page', request: 1, page: { items: [1, 2], nextCursor: 'c2' }, append: false });
    expect(state).toMatchObject({ items: [1, 2], nextCursor: 'c2', loading: false });
    state = pagedReducer(state, { kind: 'more', request: 2 });
    expect(state.items).toEqual([1, 2]);
    state = pagedReducer(state, { kind: 'page', request: 2, page: { items: [3] }, append: true });
    expect(state.items).toEqual([1, 2, 3]);
    expect(state.nextCursor).toBeUndefined();
  });

  it('drops a reply for an older filter', () => {
    let state: PagedState<number> = pagedReducer(initialPaged<number>(), { kind: 'reset', request: 1 });
    state = pagedReducer(state, { kind: 'reset', request: 2 });
    state = pagedReducer(state, { kind: 'page', request: 1, page: { items: [9] }, append: false });
    expect(state).toMatchObject({ items: [], loading: true });
    state = pagedReducer(state, { kind: 'error', request: 1, message: 'old' });
    expect(state.error).toBeNull();
    state = pagedReducer(state, { kind: 'error', request: 2, message: 'host down' });
    expect(state).toMatchObject({ loading: false, error: 'host down' });
  });

  it('turns a day into the bounds of that local day', () => {
    const from = dayBound('2026-11-21', false) ?? 0;
    const to = dayBound('2026-11-21', true) ?? 0;
    expect(new Date(from).getHours()).toBe(0);
    expect(to - from).toBe(24 * 3_600_000 - 1);
    expect(dayBound('', false)).toBeUndefined();
  });
});
