import { collectDefaultMetrics, Registry } from 'prom-client';

let registry: Registry | undefined;

/**
 * prom-client's default metrics (CPU, resident memory, heap, open handles, event-loop lag
 * percentiles, GC durations), rendered in the Prometheus text format. One set per process, made
 * on first use: they describe the process, however many workers a test starts inside it.
 */
export function processMetrics(): Promise<string> {
  if (registry === undefined) {
    registry = new Registry();
    collectDefaultMetrics({ register: registry });
  }
  return registry.metrics();
}
