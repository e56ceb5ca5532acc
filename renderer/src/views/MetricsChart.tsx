// Sessions and session hours per day, in plain SVG: bars for sessions started (failed ones stacked
// in another colour), a line for hours of use on the right-hand axis. The table next to it holds the numbers.
import { chartAxes, type DayPoint } from './metricsChart';

const WIDTH = 760;
const HEIGHT = 260;
const PAD = { left: 44, right: 48, top: 16, bottom: 40 };

export function MetricsChart({ series }: { series: DayPoint[] }) {
  if (series.length === 0) return <p className="muted">No metrics for these filters yet.</p>;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  // Short use is shown in minutes, so the right axis never reads 0 h all the way up.
  const inMinutes = Math.max(...series.map((p) => p.hours)) < 2;
  const useOf = (p: DayPoint) => (inMinutes ? p.hours * 60 : p.hours);
  const useUnit = inMinutes ? 'min' : 'h';
  const axes = chartAxes(Math.max(...series.map((p) => p.started + p.failed)), Math.max(...series.map(useOf)));
  const maxCount = axes.countStep * axes.steps;
  const maxHours = axes.useStep * axes.steps;
  const slot = plotW / series.length;
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const x = (i: number) => PAD.left + slot * i + slot / 2;
  const yCount = (v: number) => PAD.top + plotH - (v / maxCount) * plotH;
  const yHours = (v: number) => PAD.top + plotH - (v / maxHours) * plotH;
  const labelEvery = Math.ceil(series.length / 10);
  const line = series.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${yHours(useOf(p)).toFixed(1)}`).join(' ');
  const ticks = Array.from({ length: axes.steps + 1 }, (_, i) => i / axes.steps);
  const totalStarted = series.reduce((sum, p) => sum + p.started, 0);
  const totalHours = series.reduce((sum, p) => sum + p.hours, 0);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby="chart-title chart-desc" preserveAspectRatio="xMidYMid meet">
        <title id="chart-title">Sessions and hours of use per day</title>
        <desc id="chart-desc">
          {`${series.length} days from ${series[0]?.day ?? ''} to ${series[series.length - 1]?.day ?? ''}: ${totalStarted} sessions started, ${totalHours.toFixed(1)} hours in total.`}
        </desc>
        {ticks.map((t) => (
          <g key={t}>
            <line className="chart-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH * (1 - t)} y2={PAD.top + plotH * (1 - t)} />
            <text className="chart-axis" x={PAD.left - 6} y={PAD.top + plotH * (1 - t) + 4} textAnchor="end">
              {Math.round(maxCount * t)}
            </text>
            <text className="chart-axis" x={WIDTH - PAD.right + 6} y={PAD.top + plotH * (1 - t) + 4}>
              {+(maxHours * t).toFixed(1)} {useUnit}
            </text>
          </g>
        ))}
        {series.map((p, i) => (
          <g key={p.day}>
            <rect className="chart-bar" x={x(i) - barW / 2} y={yCount(p.started)} width={barW} height={plotH + PAD.top - yCount(p.started)}>
              <title>{`${p.day}: ${p.started} started, ${p.failed} failed, ${useOf(p).toFixed(1)} ${useUnit} of use`}</title>
            </rect>
            {p.failed > 0 && (
              <rect
                className="chart-bar-failed"
                x={x(i) - barW / 2}
                y={yCount(p.started + p.failed)}
                width={barW}
                height={yCount(p.started) - yCount(p.started + p.failed)}
              />
            )}
            {i % labelEvery === 0 && (
              <text className="chart-axis" x={x(i)} y={HEIGHT - PAD.bottom + 16} textAnchor="middle">
                {p.day.slice(5)}
              </text>
            )}
          </g>
        ))}
        <path className="chart-line" d={line} fill="none" />
        {series.map((p, i) => (
          <circle key={p.day} className="chart-dot" cx={x(i)} cy={yHours(useOf(p))} r={2.5} />
        ))}
        <line className="chart-axis-line" x1={PAD.left} x2={WIDTH - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} />
      </svg>
      <figcaption className="chart-legend small">
        <span>
          <span className="swatch swatch-bar" aria-hidden="true" /> sessions started (left axis)
        </span>
        <span>
          <span className="swatch swatch-failed" aria-hidden="true" /> failed starts
        </span>
        <span>
          <span className="swatch swatch-line" aria-hidden="true" /> time in use, {useUnit} (right axis)
        </span>
      </figcaption>
    </figure>
  );
}
