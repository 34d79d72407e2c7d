interface Series {
  /** Observations per bucket (not cumulative; summed when rendered), then one for +Inf. */
  buckets: number[];
  sum: number;
  count: number;
}

interface Family {
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  values: Map<string, number>;
  histogram?: { bounds: readonly number[]; series: Map<string, Series>; maxSeries: number };
}

/**
 * A minimal Prometheus registry: counters, gauges and histograms with labels, rendered in the text
 * exposition format. Increments are a Map lookup, cheap enough for the hot path; prom-client
 * serves only the process metrics (see process-metrics.ts), which this does not try to rebuild.
 */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  counter(name: string, help: string): (labels?: Record<string, string>, amount?: number) => void {
    const family = this.family(name, help, 'counter');
    return (labels = {}, amount = 1) => {
      const key = labelKey(labels);
      family.values.set(key, (family.values.get(key) ?? 0) + amount);
    };
  }

  gauge(name: string, help: string): (value: number, labels?: Record<string, string>) => void {
    const family = this.family(name, help, 'gauge');
    return (value, labels = {}) => {
      family.values.set(labelKey(labels), value);
    };
  }

  /**
   * `bounds` are the buckets' upper bounds, ascending. At most `maxSeries` label sets are kept: past
   * that, a new label set is counted under the same label names with the value `other`, so no
   * input can grow the series without bound.
   */
  histogram(
    name: string,
    help: string,
    bounds: readonly number[],
    maxSeries = 1_000,
  ): (labels: Record<string, string>, value: number) => void {
    const family = this.family(name, help, 'histogram');
    const histogram = { bounds, series: new Map<string, Series>(), maxSeries };
    family.histogram = histogram;
    return (labels, value) => {
      let key = labelKey(labels);
      let series = histogram.series.get(key);
      if (series === undefined) {
        if (histogram.series.size >= histogram.maxSeries) {
          key = labelKey(Object.fromEntries(Object.keys(labels).map((label) => [label, 'other'])));
          series = histogram.series.get(key);
        }
        if (series === undefined) {
          series = { buckets: new Array<number>(bounds.length + 1).fill(0), sum: 0, count: 0 };
          histogram.series.set(key, series);
        }
      }
      let bucket = 0;
      while (bucket < bounds.length && value > bounds[bucket]!) bucket++;
      series.buckets[bucket]!++;
      series.sum += value;
      series.count++;
    };
  }

  render(): string {
    let text = '';
    for (const [name, family] of this.families) {
      text += `# HELP ${name} ${family.help}\n# TYPE ${name} ${family.type}\n`;
      for (const [labels, value] of family.values) text += `${name}${labels} ${value}\n`;
      if (family.histogram) text += renderHistogram(name, family.histogram.bounds, family.histogram.series);
    }
    return text;
  }

  private family(name: string, help: string, type: Family['type']): Family {
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, values: new Map() };
      this.families.set(name, family);
    }
    return family;
  }
}

function renderHistogram(name: string, bounds: readonly number[], series: Map<string, Series>): string {
  let text = '';
  for (const [labels, { buckets, sum, count }] of series) {
    // `le` joins the series' own labels inside one pair of braces.
    const withBound = (bound: string) => (labels === '' ? `{le="${bound}"}` : `${labels.slice(0, -1)},le="${bound}"}`);
    let cumulative = 0;
    for (let index = 0; index < bounds.length; index++) {
      cumulative += buckets[index]!;
      text += `${name}_bucket${withBound(String(bounds[index]))} ${cumulative}\n`;
    }
    text += `${name}_bucket${withBound('+Inf')} ${count}\n${name}_sum${labels} ${sum}\n${name}_count${labels} ${count}\n`;
  }
  return text;
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

// Rendered label sets by their raw names and values: the hot path counts five times per request
// with a handful of distinct label sets, and rendering each time (entries, escaping, joining)
// showed in profiles. Bounded, so label values from outside (error codes) cannot grow it forever.
const renderedLabelKeys = new Map<string, string>();
const MAXIMUM_RENDERED_LABEL_KEYS = 10_000;

function labelKey(labels: Record<string, string>): string {
  let raw = '';
  // Length-prefixed, so no two different label sets share a raw key whatever their values hold.
  for (const name in labels) {
    const value = labels[name]!;
    raw += `${name.length}:${name}${value.length}:${value}`;
  }
  if (raw === '') return '';
  let key = renderedLabelKeys.get(raw);
  if (key === undefined) {
    key = `{${Object.entries(labels)
      .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
      .join(',')}}`;
    if (renderedLabelKeys.size < MAXIMUM_RENDERED_LABEL_KEYS) renderedLabelKeys.set(raw, key);
  }
  return key;
}
