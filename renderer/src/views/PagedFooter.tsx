// Under a paged table: loading, errors, the count so far and "Load more".
export interface PagedFooterProps {
  paged: { items: unknown[]; nextCursor?: string | undefined; loading: boolean; error: string | null; loadMore(): void };
  empty: string;
  /** Singular and plural, e.g. ['session', 'sessions']. */
  noun: readonly [string, string];
}

export function PagedFooter({ paged, empty, noun }: PagedFooterProps) {
  return (
    <div className="paged-footer">
      {paged.error && (
        <p role="alert" className="is-error">
          Could not load: {paged.error}
        </p>
      )}
      <p role="status" className="muted small">
        {paged.loading
          ? 'Loading…'
          : paged.items.length === 0
            ? paged.error
              ? ''
              : empty
            : `${paged.items.length} ${paged.items.length === 1 ? noun[0] : noun[1]} shown${paged.nextCursor ? ', more available' : ', all loaded'}.`}
      </p>
      {paged.nextCursor !== undefined && (
        <button type="button" onClick={paged.loadMore} disabled={paged.loading}>
          Load more
        </button>
      )}
    </div>
  );
}
