// The audit log, newest first, filtered by kind, session and day, paged with "Load more".
import { useState } from 'react';
import { AUDIT_EVENT_KINDS, type AuditEventKind, type AuditQuery, type AuditRecord } from '../../../electron/shared/journal';
import { useApi } from '../api/apiContext';
import { formatBytes, formatDateTime, formatDuration } from '../lib/format';
import { dayRange, PAGE_SIZE, usePaged } from './paging';
import { PagedFooter, PageSizeField } from './PagedFooter';

export interface AuditFilter {
  kind: AuditEventKind | '';
  sessionId: string;
  fromDay: string;
  toDay: string;
  /** Rows per page (default PAGE_SIZE). */
  pageSize?: number;
}

export function auditQuery(filter: AuditFilter): AuditQuery {
  const query: AuditQuery = { limit: filter.pageSize ?? PAGE_SIZE };
  if (filter.kind) query.kind = filter.kind;
  if (filter.sessionId.trim()) query.sessionId = filter.sessionId.trim();
  return { ...query, ...dayRange(filter.fromDay, filter.toDay) };
}

const kindLabel = (kind: string) => kind.replace(/_/g, ' ');

/** Kind-specific details as `key: value` pairs, short. */
export function detailText(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== '' && value !== undefined && value !== null)
    .map(([key, value]) => {
      if (typeof value === 'number' && /durationMs$/i.test(key)) return `${key.replace(/Ms$/, '')}: ${formatDuration(value)}`;
      if (typeof value === 'number' && /^bytes/i.test(key)) return `${key}: ${formatBytes(value)}`;
      if (typeof value === 'number' && /At$/.test(key)) return `${key.replace(/At$/, '')}: ${formatDateTime(value)}`;
      return `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`;
    })
    .join(' · ');
}

/** Long or multi-line values (a log tail, an error) fold away, so one record does not fill the screen. */
export const isLongDetail = (value: unknown): value is string => typeof value === 'string' && (value.length > 120 || value.includes('\n'));

function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const short = Object.fromEntries(Object.entries(details).filter(([, value]) => !isLongDetail(value)));
  const long = Object.entries(details).filter((entry): entry is [string, string] => isLongDetail(entry[1]));
  return (
    <>
      {detailText(short)}
      {long.map(([key, value]) => (
        <details key={key}>
          <summary>{key}</summary>
          <pre className="log-tail">{value}</pre>
        </details>
      ))}
    </>
  );
}

export function AuditTable({ items, onSession }: { items: AuditRecord[]; onSession?(id: string): void }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Audit records, newest first</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">When</th>
            <th scope="col">Event</th>
            <th scope="col">User</th>
            <th scope="col">Type / slot</th>
            <th scope="col">Session</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {items.map((record) => (
            <tr key={record.seq}>
              <td>{record.seq}</td>
              <td>{formatDateTime(record.at)}</td>
              <td>{kindLabel(record.kind)}</td>
              <td>{record.user}</td>
              <td>
                {record.type ?? ''}
                {record.index !== undefined ? ` / ${record.index}` : ''}
              </td>
              <td className="mono">
                {record.sessionId && onSession ? (
                  <button type="button" className="link" onClick={() => onSession(record.sessionId ?? '')} aria-label={`Only session ${record.sessionId}`}>
                    {record.sessionId}
                  </button>
                ) : (
                  record.sessionId
                )}
              </td>
              <td className="details-cell">
                <AuditDetails details={record.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditView() {
  const api = useApi();
  const [filter, setFilter] = useState<AuditFilter>({ kind: '', sessionId: '', fromDay: '', toDay: '', pageSize: PAGE_SIZE });
  const query = auditQuery(filter);
  const paged = usePaged(JSON.stringify(query), (cursor) => api.listAudit(cursor ? { ...query, cursor } : query));
  const set = (patch: Partial<AuditFilter>) => setFilter((current) => ({ ...current, ...patch }));
  return (
    <section className="page" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <form className="filters" aria-label="Audit filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Event
          <select value={filter.kind} onChange={(event) => set({ kind: event.target.value as AuditEventKind | '' })}>
            <option value="">any</option>
            {AUDIT_EVENT_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kindLabel(kind)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Session
          <input value={filter.sessionId} onChange={(event) => set({ sessionId: event.target.value })} placeholder="any" className="mono" />
        </label>
        <label>
          From
          <input type="date" value={filter.fromDay} onChange={(event) => set({ fromDay: event.target.value })} />
        </label>
        <label>
          Until
          <input type="date" value={filter.toDay} onChange={(event) => set({ toDay: event.target.value })} />
        </label>
        <PageSizeField value={filter.pageSize ?? PAGE_SIZE} onChange={(pageSize) => set({ pageSize })} />
        <button type="button" onClick={paged.reload}>
          Refresh
        </button>
      </form>
      {paged.items.length > 0 && <AuditTable items={paged.items} onSession={(sessionId) => set({ sessionId })} />}
      <PagedFooter paged={paged} empty="No audit record matches these filters." noun={['record', 'records']} />
    </section>
  );
}
