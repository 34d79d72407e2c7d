import { afterEach, describe, expect, it, vi } from 'vitest';
import type { GatewaySettings } from '../src/settings/gateway-settings';
import { type Harness, startHarness } from './gateway-harness';

const TOKEN = 'metrics-token-0123456789abcdef';
let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function start(settings: Partial<GatewaySettings> = {}) {
  return startHarness(
    [
      { id: 'fast', format: 'openai', models: [{ id: 'fast-model' }] },
      { id: 'stuck', format: 'openai', models: [{ id: 'stuck-model' }], behaviour: { hang: true } },
    ],
    { settings: { ...settings, logLevel: 'info' } },
  );
}

const chat = (model: string) => harness!.post('/v1/chat/completions', { model, messages: [{ role: 'user', content: 'Hello' }] });

async function scrape(url = `${harness!.gateway.url}/metrics`, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers });
  expect(response.status).toBe(200);
  return response.text();
}

describe('/metrics', () => {
  it('serves request-duration histograms by route, provider and model, the in-flight gauge and the process metrics', async () => {
    harness = await start();
    expect((await chat('fast-model')).status).toBe(200);
    // A model no catalog holds: the client's text must not become a label value.
    expect((await chat('client-chosen-model-name-xyz')).status).toBeGreaterThanOrEqual(400);

    const stuck = new AbortController();
    const hanging = fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'stuck-model', messages: [{ role: 'user', content: 'Hello' }] }),
      signal: stuck.signal,
    }).catch(() => undefined);
    await vi.waitFor(async () => {
      expect(await scrape()).toMatch(/^switchboard_requests_in_flight\{route="chat.completions"\} 1$/m);
    });
    stuck.abort();
    await hanging;
    // The aborted request finishes once its upstream attempt is cancelled: slow on a loaded machine.
    await vi.waitFor(
      async () => {
        expect(await scrape()).toMatch(/^switchboard_requests_in_flight\{route="chat.completions"\} 0$/m);
      },
      { timeout: 10_000 },
    );

    const text = await scrape();
    expect(text).toContain('# TYPE switchboard_request_duration_seconds histogram');
    expect(text).toMatch(
      /^switchboard_request_duration_seconds_count\{route="chat.completions",provider="fast",model="fast-model"\} 1$/m,
    );
    expect(text).toMatch(
      /^switchboard_request_duration_seconds_bucket\{route="chat.completions",provider="fast",model="fast-model",le="\+Inf"\} 1$/m,
    );
    expect(text).toMatch(
      /^switchboard_request_duration_seconds_count\{route="chat.completions",provider="none",model="none"\} 1$/m,
    );
    expect(text).not.toContain('client-chosen-model-name-xyz');
    // prom-client's defaults: CPU, memory, event-loop lag.
    expect(text).toMatch(/^process_cpu_user_seconds_total [\d.e+-]+$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds [\d.e+-]+$/m);
  });

  it('answers 401 without the bearer token when METRICS_TOKEN is set', async () => {
    harness = await start({ metricsToken: TOKEN });
    const url = `${harness.gateway.url}/metrics`;
    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
    expect(await missing.text()).not.toContain('switchboard_');
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: TOKEN } })).status).toBe(401);
    expect(await scrape(url, { authorization: `Bearer ${TOKEN}` })).toContain('switchboard_requests_in_flight');
  });

  it('moves to METRICS_PORT, off the public port, with the token still required there', async () => {
    harness = await start({ metricsPort: 0, metricsToken: TOKEN });
    expect(harness.gateway.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(harness.gateway.metricsUrl).not.toBe(harness.gateway.url);
    expect((await fetch(`${harness.gateway.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    expect((await fetch(`${harness.gateway.metricsUrl}/metrics`)).status).toBe(401);
    expect(await scrape(`${harness.gateway.metricsUrl}/metrics`, { authorization: `Bearer ${TOKEN}` })).toContain(
      'process_cpu_user_seconds_total',
    );
    // Nothing else is served there.
    expect((await fetch(`${harness.gateway.metricsUrl}/healthz`)).status).toBe(404);
    expect((await fetch(`${harness.gateway.metricsUrl}/v1/models`)).status).toBe(404);
  });

  it('names the instance, host and pid on every log line', async () => {
    harness = await start();
    expect((await chat('fast-model')).status).toBe(200);
    expect(harness.logs.length).toBeGreaterThan(0);
    for (const line of harness.logs) {
      const parsed = JSON.parse(line) as { instance?: string; host?: string; pid?: number };
      expect(parsed.instance).toEqual(expect.any(String));
      expect(parsed.host).toEqual(expect.any(String));
      expect(parsed.pid).toBe(process.pid);
    }
  });
});
