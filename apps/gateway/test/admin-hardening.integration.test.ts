import { readFile, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { parseCidr } from '@switchboard/access';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_START_SECRETS_FILE } from '../src/app/write-first-start-secrets';
import { SIMULATED_PROVIDER, type SwitchboardHarness, startSwitchboardHarness } from './switchboard-harness';

// The socket peer is 127.0.0.1, a trusted proxy here, so X-Forwarded-For names the client: each
// test plays its own address, as clients behind the README's load balancer do.
describe('admin token checks behind the failed-attempt limiter', () => {
  let harness: SwitchboardHarness;

  beforeAll(async () => {
    harness = await startSwitchboardHarness({ settings: { trustedProxies: [parseCidr('127.0.0.1/32')!] } });
  });
  afterAll(() => harness?.close());

  const signIn = (token: string, client: string) =>
    fetch(`${harness.url}/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({ token }),
    });
  const bearer = (token: string, client: string) =>
    fetch(`${harness.url}/admin/providers`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });

  it('locks POST /admin/session after 20 failures with a 429 and one audit entry, and still accepts a valid token', async () => {
    const client = '203.0.113.7';
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let attempt = 0; attempt < 30; attempt++) {
      const response = await signIn(`sb_admin_guess_${attempt}`, client);
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get('retry-after');
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe('too_many_failed_attempts');
      } else await response.text();
    }
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(401));
    expect(statuses.slice(19)).toEqual(Array(11).fill(429));
    expect(Number(retryAfter)).toBeGreaterThan(0);

    // The real admin behind the same address is not locked out by the guesser.
    expect((await signIn(harness.adminToken, client)).status).toBe(200);
    // Another address is untouched.
    expect((await signIn('sb_admin_typo', '198.51.100.9')).status).toBe(401);

    const audit = await harness.admin<{ data: { action: string; targetId: string; actor: string; details: unknown }[] }>(
      'GET',
      '/admin/audit?target_type=client_address',
    );
    expect(audit.status).toBe(200);
    const locks = audit.body.data.filter((row) => row.targetId === client);
    expect(locks).toHaveLength(1);
    expect(locks[0]).toMatchObject({ action: 'client_address.lock', actor: 'unauthenticated', details: { via: 'session' } });
    expect(JSON.stringify(audit.body)).not.toContain('sb_admin_guess');
  });

  it('counts admin Bearer failures the same way', async () => {
    const client = '203.0.113.8';
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 22; attempt++) {
      const response = await bearer(`sb_admin_guess_${attempt}`, client);
      statuses.push(response.status);
      await response.text();
    }
    expect(statuses.slice(0, 19).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(19).every((status) => status === 429)).toBe(true);
    // The session sign-in from that address is throttled too: one limiter for every admin check.
    expect((await signIn('sb_admin_another_guess', client)).status).toBe(429);
    expect((await bearer(harness.adminToken, client)).status).toBe(200);
  });

  it('cuts a 64 MiB chunked POST /admin/session at 1 MiB without reading it all', async () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const total = 64 * 1024 * 1024;
    const rssBefore = process.memoryUsage().rss;
    const outcome = await new Promise<{ status: number | undefined; written: number }>((resolve) => {
      let written = 0;
      let status: number | undefined;
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        resolve({ status, written });
      };
      const upload = request(`${harness.url}/admin/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      upload.on('response', (response) => {
        status = response.statusCode;
        response.resume();
        response.on('end', finish);
      });
      upload.on('error', finish);
      upload.on('close', finish);
      upload.write('{"token":"');
      const pump = () => {
        while (written < total && !upload.destroyed && !finished) {
          written += chunk.length;
          if (!upload.write(chunk)) {
            upload.once('drain', pump);
            return;
          }
        }
        if (written >= total) upload.end('"}');
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    // Socket buffers on both sides hold a few MiB at most: far from the 64 the client meant to send.
    expect(outcome.written).toBeLessThan(16 * 1024 * 1024);
    // Loose: the gateway runs in this process, and it never held the body.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(48 * 1024 * 1024);
  });

  it('refuses provider secrets and provider header values with control characters with a 400', async () => {
    for (const secret of ['sk-pasted-with-newline\n', 'sk-a\r\nx-injected: 1', 'sk-\u0000nul']) {
      const created = await harness.admin('POST', `/admin/providers/${SIMULATED_PROVIDER}/keys`, { name: 'bad', secret });
      expect(created.status, created.text).toBe(400);
      expect(created.text).toContain('control characters');
      expect(created.text).not.toContain('sk-');
    }
    const header = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, {
      headers: { 'x-team': 'a\r\nx-injected: 1' },
    });
    expect(header.status, header.text).toBe(400);
    const name = await harness.admin('PATCH', `/admin/providers/${SIMULATED_PROVIDER}`, { headers: { 'bad name': 'x' } });
    expect(name.status, name.text).toBe(400);
  });

  it('creates DATA_DIR 0700 and leaves the first gateway key in a 0600 file, not in the log', async () => {
    const dataDirectory = join(harness.directory, 'data');
    expect((await stat(dataDirectory)).mode & 0o777).toBe(0o700);
    const file = join(dataDirectory, FIRST_START_SECRETS_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain(`FIRST_GATEWAY_KEY=${harness.apiKey}`);
    expect(harness.switchboard.firstStartSecretsPath).toBe(file);
    expect(harness.logs.join('')).not.toContain(harness.apiKey);
  });

  it('answers /admin, health, metrics and the dashboard with nosniff', async () => {
    for (const path of ['/admin/providers', '/admin/session', '/healthz', '/readyz', '/metrics', '/dashboard/', '/nowhere']) {
      const response = await fetch(`${harness.url}${path}`, { headers: { authorization: `Bearer ${harness.adminToken}` } });
      await response.arrayBuffer();
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
    }
  });
});
