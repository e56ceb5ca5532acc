// Paged lists (history, audit): the first page for a filter, then "Load more" with nextCursor.
// A reply for an older filter or page is dropped, so a quick change of filter never mixes results.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { Page } from '../../../electron/shared/journal';

export interface PagedState<T> {
  items: T[];
  nextCursor?: string;
  loading: boolean;
  error: string | null;
  /** Bumped per request; replies carrying an older one are ignored. */
  request: number;
}

export type PagedAction<T> =
  | { kind: 'reset'; request: number }
  | { kind: 'more'; request: number }
  | { kind: 'page'; request: number; page: Page<T>; append: boolean }
  | { kind: 'error'; request: number; message: string };

export const initialPaged = <T,>(): PagedState<T> => ({ items: [], loading: false, error: null, request: 0 });

export function pagedReducer<T>(state: PagedState<T>, action: PagedAction<T>): PagedState<T> {
  switch (action.kind) {
    case 'reset':
      return { items: [], loading: true, error: null, request: action.request };
    case 'more':
      return { ...state, loading: true, error: null, request: action.request };
    case 'page': {
      if (action.request !== state.request) return state;
      const items = action.append ? [...state.items, ...action.page.items] : action.page.items;
      const next: PagedState<T> = { items, loading: false, error: null, request: state.request };
      if (action.page.nextCursor !== undefined) next.nextCursor = action.page.nextCursor;
      return next;
    }
    case 'error':
      return action.request === state.request ? { ...state, loading: false, error: action.message } : state;
    default: {
      const unexpected: never = action;
      return unexpected;
    }
  }
}

export const PAGE_SIZE = 50;
/** What the "Per page" choice offers. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** Loads the first page whenever `key` (the serialised filter) changes; `loadMore` appends the next. */
export function usePaged<T>(key: string, fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const [state, dispatch] = useReducer(pagedReducer<T>, undefined, initialPaged<T>);
  const counter = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const run = useCallback((cursor: string | undefined) => {
    const request = ++counter.current;
    dispatch(cursor === undefined ? { kind: 'reset', request } : { kind: 'more', request });
    fetchRef.current(cursor).then(
      (page) => dispatch({ kind: 'page', request, page, append: cursor !== undefined }),
      (error: unknown) => dispatch({ kind: 'error', request, message: error instanceof Error ? error.message : String(error) }),
    );
  }, []);

  useEffect(() => run(undefined), [key, run]);

  return {
    ...state,
    reload: () => run(undefined),
    loadMore: () => {
      if (state.nextCursor !== undefined && !state.loading) run(state.nextCursor);
    },
  };
}

/** `YYYY-MM-DD` (a date input's value) -> epoch ms at the start or the end of that local day. */
export function dayBound(day: string, end: boolean): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [, y, m, d] = match;
  const date = end ? new Date(Number(y), Number(m) - 1, Number(d), 23, 59, 59, 999) : new Date(Number(y), Number(m) - 1, Number(d));
  return date.getTime();
}

/** The `from`/`to` bounds (epoch ms, local days, inclusive) of a day filter; absent when unset. */
export function dayRange(fromDay: string, toDay: string): { from?: number; to?: number } {
  const from = dayBound(fromDay, false);
  const to = dayBound(toDay, true);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}
