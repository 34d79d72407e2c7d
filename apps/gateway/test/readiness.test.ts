import { afterEach, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../src/app/start-gateway';
import { createLogger } from '../src/logging/create-logger';
import { testSettings } from './gateway-harness';

describe('/healthz and /readyz', () => {
  let gateway: RunningGateway | undefined;
  afterEach(() => gateway?.close());

  it('reports ready when every dependency answers', async () => {
    gateway = await startGateway({
      settings: testSettings(),
      catalog: { providers: [], aliases: {} },
      logger: createLogger('silent'),
      readinessChecks: { database: async () => {} },
    });
    const health = await fetch(`${gateway.url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toMatch(/^req_/);
    expect(health.headers.get('x-client-request-id')).toBe('probe-1');
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ready',
      checks: { catalog: { status: 'ok', providers: 0 }, database: { status: 'ok' } },
    });
  });

  it('stays ready (200, degraded) naming the failing dependency without its error text; ?strict answers 503', async () => {
    gateway = await startGateway({
      settings: testSettings(),
      catalog: { providers: [], aliases: {} },
      logger: createLogger('silent'),
      readinessChecks: {
        database: async () => {
          throw new Error('connect ECONNREFUSED postgres://user:hunter2@db:5432');
        },
        redis: async () => {},
      },
    });
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text)).toMatchObject({
      status: 'degraded',
      checks: { database: { status: 'degraded', message: 'unreachable' }, redis: { status: 'ok' } },
    });
    const strict = await fetch(`${gateway.url}/readyz?strict`);
    expect(strict.status).toBe(503);
    expect(await strict.json()).toMatchObject({ status: 'degraded' });
  });

  it('answers 503 when a state says the instance cannot serve', async () => {
    gateway = await startGateway({
      settings: testSettings(),
      catalog: { providers: [], aliases: {} },
      logger: createLogger('silent'),
      readinessStates: () => ({ usage_spool: { status: 'failing', full: true, refusingRequests: true } }),
    });
    const response = await fetch(`${gateway.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      status: 'not_ready',
      checks: { usage_spool: { status: 'failing', full: true } },
    });
  });
});
