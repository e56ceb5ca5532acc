// Small immutable helpers for the store's records keyed by id.

/** The record without `key`; the same object when it has no such key (so selectors see no change). */
export function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const copy = { ...record };
  delete copy[key];
  return copy;
}
