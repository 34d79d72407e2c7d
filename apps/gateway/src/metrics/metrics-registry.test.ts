import { describe, expect, it } from 'vitest';
import { MetricsRegistry } from './metrics-registry';

describe('MetricsRegistry', () => {
  it('renders counters and gauges in the Prometheus text format, labels escaped', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('requests_total', 'Requests.');
    const degraded = registry.gauge('degraded', 'Degraded.');
    requests({ route: 'chat', status: '200' });
    requests({ route: 'chat', status: '200' }, 2);
    requests({ route: 'say "hi"\n', status: '500' });
    degraded(1);
    degraded(0);
    expect(registry.render()).toBe(
      '# HELP requests_total Requests.\n# TYPE requests_total counter\n' +
        'requests_total{route="chat",status="200"} 3\n' +
        'requests_total{route="say \\"hi\\"\\n",status="500"} 1\n' +
        '# HELP degraded Degraded.\n# TYPE degraded gauge\ndegraded 0\n',
    );
  });

  it('keeps label sets apart even when values look like other label sets', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('requests_total', 'Requests.');
    requests({ route: 'a', status: '1' });
    requests({ route: 'a1:s', status: '' });
    requests({ route: 'a', status: '1' });
    expect(registry.render()).toBe(
      '# HELP requests_total Requests.\n# TYPE requests_total counter\n' +
        'requests_total{route="a",status="1"} 2\n' +
        'requests_total{route="a1:s",status=""} 1\n',
    );
  });
});
