// Page limits and opaque cursors. A cursor names the last item a page returned (its sort key), so
// the next page starts right after it whatever was added meanwhile: new items sort before it.
import { ApiError } from '../../shared/errors';
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from '../../shared/journal';

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

export interface HistoryKey {
  endedAt: number;
  id: string;
}

export function encodeHistoryCursor(key: HistoryKey): string {
  return Buffer.from(`h1:${key.endedAt}:${key.id}`, 'utf8').toString('base64url');
}

export function decodeHistoryCursor(cursor: string): HistoryKey {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^h1:(\d+):(.+)$/s.exec(text);
  if (!match) throw badCursor();
  return { endedAt: Number(match[1]), id: match[2] as string };
}

export function encodeAuditCursor(seq: number): string {
  return Buffer.from(`a1:${seq}`, 'utf8').toString('base64url');
}

export function decodeAuditCursor(cursor: string): number {
  const match = /^a1:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw badCursor();
  return Number(match[1]);
}

function badCursor(): ApiError {
  return new ApiError('bad_request', 'cursor: expected the nextCursor of a previous page');
}

/** The number of items of a sorted list that sort before key (lower bound). */
export function countBefore<T>(items: readonly T[], isBefore: (item: T) => boolean): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(items[middle] as T)) low = middle + 1;
    else high = middle;
  }
  return low;
}
