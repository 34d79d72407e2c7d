import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// No Docker engine runs the tests: the compose file and the Prometheus config are checked parsed.
const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => parse(readFileSync(`${repositoryRoot}${path}`, 'utf8'), { merge: true }) as unknown;

interface Service {
  build?: { target?: string };
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[]; interval?: string; start_period?: string };
  stop_grace_period?: string;
  init?: boolean;
}
const compose = read('infra/docker-compose.yml') as { services: Record<string, Service> };
const prometheus = read('infra/prometheus.yml') as {
  scrape_configs: {
    job_name: string;
    static_configs?: { targets: string[] }[];
    dns_sd_configs?: { names: string[]; port: number }[];
  }[];
};

/** Compose durations: `30s`, `1m30s`, `500ms`. */
function milliseconds(duration: string): number {
  const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(amount) * units[unit!]!;
  return total;
}

const services = Object.entries(compose.services);
const gateways = services.filter(([name]) => name.startsWith('gateway'));
const workers = services.filter(([name]) => name.startsWith('worker'));

describe('infra/docker-compose.yml', () => {
  it('runs two gateways and a replicated worker from the Dockerfile targets', () => {
    expect(gateways.map(([name]) => name)).toEqual(['gateway-1', 'gateway-2']);
    for (const [name, service] of gateways) expect(service.build?.target, name).toBe('gateway');
    expect(workers.map(([name]) => name)).toEqual(['worker']);
    expect(workers[0]![1].build?.target).toBe('worker');
    expect((workers[0]![1] as { deploy?: { replicas?: number } }).deploy?.replicas).toBeGreaterThanOrEqual(2);
  });

  it('gives every gateway and worker a healthcheck', () => {
    for (const [name, service] of [...gateways, ...workers]) {
      expect(service.healthcheck?.test?.[0], name).toBe('CMD');
      const path = service === workers[0]?.[1] ? '/healthz' : '/readyz';
      expect(service.healthcheck!.test.join(' '), name).toContain(path);
      expect(service.healthcheck!.interval, name).toBeDefined();
    }
  });

  it('waits longer than the gateway grace before killing, so draining and the usage flush finish', () => {
    for (const [name, service] of gateways) {
      const grace = Number(service.environment?.SHUTDOWN_GRACE_MS);
      expect(grace, `${name} SHUTDOWN_GRACE_MS`).toBeGreaterThan(0);
      // Docker's default is 10 s, the gateway's own default grace: the flush needs time after it.
      expect(milliseconds(service.stop_grace_period ?? '10s'), name).toBeGreaterThanOrEqual(grace + 10_000);
    }
    for (const [name, service] of workers) expect(milliseconds(service.stop_grace_period ?? '10s'), name).toBeGreaterThan(10_000);
  });

  it('starts node without npm in between, under an init that forwards signals', () => {
    for (const [name, service] of services) {
      if (!service.build) continue;
      expect(service.init, name).toBe(true);
      // An explicit command (the migration) is exec form and names node; the rest use the image's CMD.
      if (service.command !== undefined) {
        expect(Array.isArray(service.command), name).toBe(true);
        expect((service.command as string[])[0], name).toBe('node');
      }
    }
  });

  it('migrates once before any gateway or worker starts', () => {
    const migrate = compose.services.migrate!;
    expect(migrate.command).toContain('dist/migrate.mjs');
    for (const [name, service] of [...gateways, ...workers])
      expect((service as { depends_on?: Record<string, { condition: string }> }).depends_on?.migrate, name).toEqual({
        condition: 'service_completed_successfully',
      });
  });
});

describe('infra/prometheus.yml', () => {
  it('scrapes every gateway and every worker replica on its status port', () => {
    const gatewayTargets = prometheus.scrape_configs.flatMap(
      (job) => job.static_configs?.flatMap((config) => config.targets) ?? [],
    );
    for (const [name] of gateways) expect(gatewayTargets).toContain(`${name}:8080`);
    const workerPort = Number(workers[0]![1].environment?.WORKER_PORT);
    const discovered = prometheus.scrape_configs.flatMap((job) => job.dns_sd_configs ?? []);
    for (const [name] of workers) expect(discovered).toContainEqual(expect.objectContaining({ names: [name], port: workerPort }));
  });
});
