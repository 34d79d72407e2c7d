/**
 * A minimal Prometheus registry: counters and gauges with labels, rendered in the text exposition
 * format. Increments are a Map lookup, cheap enough for the hot path; no client library needed.
 */
export class MetricsRegistry {
  private readonly families = new Map<string, { help: string; type: 'counter' | 'gauge'; values: Map<string, number> }>();

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

  render(): string {
    let text = '';
    for (const [name, family] of this.families) {
      text += `# HELP ${name} ${family.help}\n# TYPE ${name} ${family.type}\n`;
      for (const [labels, value] of family.values) text += `${name}${labels} ${value}\n`;
    }
    return text;
  }

  private family(name: string, help: string, type: 'counter' | 'gauge') {
    let family = this.families.get(name);
    if (!family) {
      family = { help, type, values: new Map() };
      this.families.set(name, family);
    }
    return family;
  }
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
