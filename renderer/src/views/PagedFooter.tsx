// Under a paged table: loading, errors, the count so far and "Load more"; in its filters, how many
// rows a page brings.
import { PAGE_SIZES } from './paging';

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

/** "Per page": how many rows the first page and each "Load more" bring. */
export function PageSizeField({ value, onChange }: { value: number; onChange(size: number): void }) {
  return (
    <label>
      Per page
      <select value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
    </label>
  );
}
