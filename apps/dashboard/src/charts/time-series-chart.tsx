import { useElementWidth } from '../hooks/use-element-width';

export interface TimePoint {
  time: number;
  value: number;
}

interface TimeSeriesChartProps {
  title: string;
  points: TimePoint[];
  format: (value: number) => string;
  /** The big figure above the chart (a total or an average). */
  headline: string;
  height?: number;
}

const PADDING = { top: 8, right: 8, bottom: 22, left: 56 };

/** A step-free line over a filled area, with a few value and time labels: all a trend needs, in plain SVG. */
export function TimeSeriesChart({ title, points, format, headline, height = 150 }: TimeSeriesChartProps) {
  const [reference, width] = useElementWidth<HTMLDivElement>();
  const innerWidth = Math.max(0, width - PADDING.left - PADDING.right);
  const innerHeight = height - PADDING.top - PADDING.bottom;
  const maximum = Math.max(0, ...points.map((point) => point.value));
  const top = maximum === 0 ? 1 : maximum * 1.1;
  const first = points[0]?.time ?? 0;
  const last = points.at(-1)?.time ?? 1;
  const span = Math.max(1, last - first);
  const x = (time: number) => PADDING.left + ((time - first) / span) * innerWidth;
  const y = (value: number) => PADDING.top + innerHeight - (value / top) * innerHeight;
  const line = points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.time).toFixed(1)},${y(point.value).toFixed(1)}`)
    .join('');
  const area =
    points.length > 1 ? `${line}L${x(last).toFixed(1)},${y(0).toFixed(1)}L${x(first).toFixed(1)},${y(0).toFixed(1)}Z` : '';
  const spanDays = span / 86_400_000;
  const timeLabel = (time: number) =>
    new Date(time).toLocaleString(
      'en-GB',
      spanDays > 2 ? { month: 'short', day: 'numeric' } : { hour: '2-digit', minute: '2-digit' },
    );
  const labelCount = width < 500 ? 3 : 5;
  const timeTicks =
    points.length > 1 ? Array.from({ length: labelCount }, (_, index) => first + (span * index) / (labelCount - 1)) : [];

  return (
    <figure className="chart">
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="chart-headline">{headline}</span>
      </figcaption>
      <div ref={reference} className="chart-canvas">
        {width > 0 && (
          <svg width={width} height={height} role="img" aria-label={`${title} over time`}>
            {[0, 0.5, 1].map((share) => (
              <g key={share}>
                <line
                  className="chart-grid"
                  x1={PADDING.left}
                  x2={width - PADDING.right}
                  y1={y(top * share)}
                  y2={y(top * share)}
                />
                <text className="chart-label" x={PADDING.left - 6} y={y(top * share) + 4} textAnchor="end">
                  {format(maximum === 0 ? share : top * share)}
                </text>
              </g>
            ))}
            {area && <path className="chart-area" d={area} />}
            {points.length > 1 && <path className="chart-line" d={line} />}
            {points.length === 1 && <circle className="chart-dot" cx={x(first)} cy={y(points[0]!.value)} r={3} />}
            {timeTicks.map((time, index) => (
              <text
                key={time}
                className="chart-label"
                x={x(time)}
                y={height - 6}
                textAnchor={index === 0 ? 'start' : index === timeTicks.length - 1 ? 'end' : 'middle'}
              >
                {timeLabel(time)}
              </text>
            ))}
          </svg>
        )}
      </div>
    </figure>
  );
}
