// Daily metrics: a chart of sessions and hours per day, then the rows, filtered by type and UTC days.
import { useEffect, useState } from 'react';
import type { MetricsQuery, MetricsRow } from '../../../electron/shared/journal';
import { metricsToCsv } from '../../../electron/shared/metrics-csv';
import { useApi } from '../api/apiContext';
import { formatBytes, formatDuration } from '../lib/format';
import { useDeckStore } from '../store/useDeckStore';
import { MetricsChart } from './MetricsChart';
import { dailySeries } from './metricsChart';

export interface MetricsFilter {
  type: string;
  fromDay: string;
  toDay: string;
}

export function metricsQuery(filter: MetricsFilter): MetricsQuery {
  const query: MetricsQuery = {};
  if (filter.type) query.type = filter.type;
  if (filter.fromDay) query.fromDay = filter.fromDay;
  if (filter.toDay) query.toDay = filter.toDay;
  return query;
}

/** Saves text as a file through the browser's download (works the same in Electron and the headless host). */
function download(fileName: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export function MetricsTable({ rows }: { rows: MetricsRow[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <caption className="visually-hidden">Daily metrics by type</caption>
        <thead>
          <tr>
            <th scope="col">Day (UTC)</th>
            <th scope="col">Type</th>
            <th scope="col">Started</th>
            <th scope="col">Failed</th>
            <th scope="col">Refused</th>
            <th scope="col">Total time</th>
            <th scope="col">Mean</th>
            <th scope="col">Peak at once</th>
            <th scope="col">Traffic ↓ / ↑</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.day} ${row.type}`}>
              <td>{row.day}</td>
              <td>{row.type}</td>
              <td>{row.started}</td>
              <td>{row.failed}</td>
              <td>{row.refused}</td>
              <td>{formatDuration(row.totalDurationMs)}</td>
              <td>{formatDuration(row.meanDurationMs)}</td>
              <td>{row.peakConcurrent}</td>
              <td>
                {formatBytes(row.bytesToViewer)} / {formatBytes(row.bytesFromViewer)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MetricsView() {
  const api = useApi();
  const typeNames = useDeckStore((state) => state.types.map((type) => type.name).join('\n'));
  const [filter, setFilter] = useState<MetricsFilter>({ type: '', fromDay: daysAgo(29), toDay: daysAgo(0) });
  const [rows, setRows] = useState<MetricsRow[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const key = JSON.stringify(metricsQuery(filter));

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    api.getMetrics(JSON.parse(key) as MetricsQuery).then(
      (result) => {
        if (!current) return;
        setRows([...result].sort((a, b) => b.day.localeCompare(a.day) || a.type.localeCompare(b.type)));
        setLoading(false);
      },
      (reason: unknown) => {
        if (!current) return;
        setError(reason instanceof Error ? reason.message : String(reason));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [api, key, reload]);

  const set = (patch: Partial<MetricsFilter>) => setFilter((value) => ({ ...value, ...patch }));
  return (
    <section className="page" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Metrics</h2>
      <form className="filters" aria-label="Metrics filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          Type
          <select value={filter.type} onChange={(event) => set({ type: event.target.value })}>
            <option value="">all types</option>
            {typeNames
              .split('\n')
              .filter(Boolean)
              .map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
          </select>
        </label>
        <label>
          From day (UTC)
          <input type="date" value={filter.fromDay} onChange={(event) => set({ fromDay: event.target.value })} />
        </label>
        <label>
          Until day (UTC)
          <input type="date" value={filter.toDay} onChange={(event) => set({ toDay: event.target.value })} />
        </label>
        <button type="button" onClick={() => setReload((n) => n + 1)}>
          Refresh
        </button>
        <button type="button" disabled={rows.length === 0} onClick={() => download(`session-deck-metrics.csv`, 'text/csv', metricsToCsv(rows))}>
          Export CSV
        </button>
        <button
          type="button"
          disabled={rows.length === 0}
          onClick={() => download(`session-deck-metrics.json`, 'application/json', `${JSON.stringify(rows, null, 2)}\n`)}
        >
          Export JSON
        </button>
      </form>
      {error && (
        <p role="alert" className="is-error">
          Could not load metrics: {error}
        </p>
      )}
      <p role="status" className="muted small">
        {loading ? 'Loading…' : `${rows.length} ${rows.length === 1 ? 'row' : 'rows'}.`}
      </p>
      {!error && <MetricsChart series={dailySeries(rows, { fromDay: filter.fromDay, toDay: filter.toDay })} />}
      {rows.length > 0 && <MetricsTable rows={rows} />}
    </section>
  );
}
