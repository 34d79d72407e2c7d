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

describe('MetricsRegistry histograms', () => {
  it('renders cumulative buckets, +Inf, sum and count per label set', () => {
    const registry = new MetricsRegistry();
    const duration = registry.histogram('duration_seconds', 'Duration.', [0.1, 1]);
    duration({ route: 'chat' }, 0.05);
    duration({ route: 'chat' }, 0.5);
    duration({ route: 'chat' }, 3);
    duration({ route: 'embeddings' }, 0.1);
    expect(registry.render()).toBe(
      '# HELP duration_seconds Duration.\n# TYPE duration_seconds histogram\n' +
        'duration_seconds_bucket{route="chat",le="0.1"} 1\n' +
        'duration_seconds_bucket{route="chat",le="1"} 2\n' +
        'duration_seconds_bucket{route="chat",le="+Inf"} 3\n' +
        'duration_seconds_sum{route="chat"} 3.55\n' +
        'duration_seconds_count{route="chat"} 3\n' +
        'duration_seconds_bucket{route="embeddings",le="0.1"} 1\n' +
        'duration_seconds_bucket{route="embeddings",le="1"} 1\n' +
        'duration_seconds_bucket{route="embeddings",le="+Inf"} 1\n' +
        'duration_seconds_sum{route="embeddings"} 0.1\n' +
        'duration_seconds_count{route="embeddings"} 1\n',
    );
  });

  it('folds label sets past its bound into `other` instead of growing', () => {
    const registry = new MetricsRegistry();
    const duration = registry.histogram('duration_seconds', 'Duration.', [1], 2);
    for (let index = 0; index < 50; index++) duration({ model: `model-${index}` }, 0.5);
    duration({ model: 'model-0' }, 0.5);
    const counts = registry
      .render()
      .split('\n')
      .filter((line) => line.startsWith('duration_seconds_count'));
    expect(counts).toEqual([
      'duration_seconds_count{model="model-0"} 2',
      'duration_seconds_count{model="model-1"} 1',
      'duration_seconds_count{model="other"} 48',
    ]);
  });
});
