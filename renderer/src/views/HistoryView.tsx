// Ended sessions, newest first, filtered by type, cause and day, paged with "Load more".
import { useState } from 'react';
import type { HistoryEntry, HistoryQuery } from '../../../electron/shared/journal';
import { TERMINATION_CAUSES } from '../../../electron/shared/session';
import { useApi } from '../api/apiContext';
import { causeLabel, endDetail, formatBytes, formatDateTime, formatDuration, formatSize } from '../lib/format';
import { useDeckStore } from '../store/useDeckStore';
import { dayRange, PAGE_SIZE, usePaged } from './paging';
import { PagedFooter, PageSizeField } from './PagedFooter';

export interface HistoryFilter {
  type: string;
  cause: string;
  fromDay: string;
  toDay: string;
  /** Rows per page (default PAGE_SIZE). */
  pageSize?: number;
}

export function historyQuery(filter: HistoryFilter): HistoryQuery {
  const query: HistoryQuery = { limit: filter.pageSize ?? PAGE_SIZE };
  if (filter.type) query.type = filter.type;
  if (filter.cause) query.cause = filter.cause;
  return { ...query, ...dayRange(filter.fromDay, filter.toDay) };
}

export function HistoryTable({ items }: { items: HistoryEntry[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Ended sessions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Ended</th>
            <th scope="col">Label</th>
            <th scope="col">Type</th>
            <th scope="col">Slot</th>
            <th scope="col">Size</th>
            <th scope="col">User</th>
            <th scope="col">Duration</th>
            <th scope="col">Outcome</th>
            <th scope="col">Viewers</th>
            <th scope="col">Traffic ↓ / ↑</th>
            <th scope="col">Session</th>
          </tr>
        </thead>
        <tbody>
          {items.map((entry) => (
            <tr key={entry.id} className={entry.state === 'failed' ? 'row-failed' : undefined}>
              <td>{formatDateTime(entry.endedAt)}</td>
              <td>{entry.label ?? ''}</td>
              <td>{entry.type}</td>
              <td>{entry.index}</td>
              <td>{formatSize(entry.size)}</td>
              <td>{entry.user}</td>
              <td>{formatDuration(entry.durationMs)}</td>
              <td>
                {entry.state === 'failed' ? 'failed: ' : ''}
                {causeLabel(entry.cause)}
                {endDetail(entry.cause, entry.message) ? <span className="muted small"> — {endDetail(entry.cause, entry.message)}</span> : null}
              </td>
              <td>{entry.viewers}</td>
              <td>
                {formatBytes(entry.bytesToViewer)} / {formatBytes(entry.bytesFromViewer)}
              </td>
              <td className="mono">{entry.id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function HistoryView() {
  const api = useApi();
  const typeNames = useDeckStore((state) => state.types.map((type) => type.name).join('\n'));
  const [filter, setFilter] = useState<HistoryFilter>({ type: '', cause: '', fromDay: '', toDay: '', pageSize: PAGE_SIZE });
  const query = historyQuery(filter);
  const paged = usePaged(JSON.stringify(query), (cursor) => api.listHistory(cursor ? { ...query, cursor } : query));
  const set = (patch: Partial<HistoryFilter>) => setFilter((current) => ({ ...current, ...patch }));
  return (
    <section className="page" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <form className="filters" aria-label="History filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Type
          <input list="history-types" value={filter.type} onChange={(event) => set({ type: event.target.value })} placeholder="any" />
          <datalist id="history-types">
            {typeNames
              .split('\n')
              .filter(Boolean)
              .map((name) => (
                <option key={name} value={name} />
              ))}
          </datalist>
        </label>
        <label>
          Cause
          <select value={filter.cause} onChange={(event) => set({ cause: event.target.value })}>
            <option value="">any</option>
            {TERMINATION_CAUSES.map((cause) => (
              <option key={cause} value={cause}>
                {causeLabel(cause)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ended from
          <input type="date" value={filter.fromDay} onChange={(event) => set({ fromDay: event.target.value })} />
        </label>
        <label>
          Ended until
          <input type="date" value={filter.toDay} onChange={(event) => set({ toDay: event.target.value })} />
        </label>
        <PageSizeField value={filter.pageSize ?? PAGE_SIZE} onChange={(pageSize) => set({ pageSize })} />
        <button type="button" onClick={paged.reload}>
          Refresh
        </button>
      </form>
      {paged.items.length > 0 && <HistoryTable items={paged.items} />}
      <PagedFooter paged={paged} empty="No ended session matches these filters." noun={['session', 'sessions']} />
    </section>
  );
}
