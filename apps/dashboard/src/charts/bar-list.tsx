export interface BarItem {
  label: string;
  value: number;
  /** Shown beside the bar, e.g. the request count. */
  detail?: string;
}

interface BarListProps {
  title: string;
  items: BarItem[];
  format: (value: number) => string;
  empty: string;
}

/** Ranked horizontal bars (top models, providers, keys): plain elements, widths relative to the largest. */
export function BarList({ title, items, format, empty }: BarListProps) {
  const largest = Math.max(0, ...items.map((item) => item.value));
  return (
    <section className="panel bar-list">
      <h3>{title}</h3>
      {items.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ol>
          {items.map((item) => (
            <li key={item.label}>
              <div className="bar-row">
                <span className="bar-label" title={item.label}>
                  {item.label}
                </span>
                <span className="bar-value">
                  {format(item.value)}
                  {item.detail ? <span className="muted"> · {item.detail}</span> : null}
                </span>
              </div>
              <div className="bar-track">
                <div
                  className="bar-fill"
                  style={{ width: `${largest === 0 ? 0 : Math.max(2, (item.value / largest) * 100)}%` }}
                />
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
