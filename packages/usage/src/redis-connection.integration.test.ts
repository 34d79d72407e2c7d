import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedisServer, uniqueRedisPrefix } from '@switchboard/testkit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisConnection } from './redis-connection';

const children: ChildProcess[] = [];
const directory = mkdtempSync(join(tmpdir(), 'switchboard-redis-tls-'));

/** Starts redis-server with these arguments and resolves once it logs that it is ready. */
function startServer(args: string[], ready: RegExp): Promise<void> {
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited ${code}:\n${output}`)));
  });
}

async function roundTrip(client: Redis): Promise<string | null> {
  const key = `${uniqueRedisPrefix()}probe`;
  try {
    await client.set(key, 'ok', 'EX', 10);
    return await client.get(key);
  } finally {
    await client.quit();
  }
}

afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(directory, { recursive: true, force: true });
});

describe('createRedisConnection against real servers', () => {
  let tlsPort: number;

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1; Debian's redis-server is built with TLS.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(directory, 'key.pem'),
        '-out',
        join(directory, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    tlsPort = await freePort();
    await startServer(
      [
        '--port',
        '0',
        '--tls-port',
        String(tlsPort),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--tls-cert-file',
        join(directory, 'cert.pem'),
        '--tls-key-file',
        join(directory, 'key.pem'),
        '--tls-ca-cert-file',
        join(directory, 'cert.pem'),
        '--tls-auth-clients',
        'no',
      ],
      /Ready to accept connections/,
    );
  });

  it('speaks TLS to rediss:// with the private CA, and refuses a server it cannot verify', async () => {
    const env = { REDIS_TLS_CA_FILE: join(directory, 'cert.pem') };
    expect(await roundTrip(createRedisConnection(`rediss://127.0.0.1:${tlsPort}`, { maxRetriesPerRequest: 0 }, env))).toBe('ok');
    const unverified = createRedisConnection(
      `rediss://127.0.0.1:${tlsPort}`,
      { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null },
      {},
    );
    const errors: Error[] = [];
    unverified.on('error', (error: Error) => errors.push(error));
    await expect(unverified.connect()).rejects.toThrow();
    expect(errors.map((error) => error.message).join('\n')).toMatch(/self.signed|certificate/i);
    unverified.disconnect();
  });

  it('finds the master through Sentinel', async () => {
    const master = await startRedisServer();
    try {
      const sentinelPort = await freePort();
      const config = join(directory, 'sentinel.conf');
      writeFileSync(
        config,
        `port ${sentinelPort}\nbind 127.0.0.1\nsentinel monitor switchboard-main 127.0.0.1 ${master.port} 1\n`,
      );
      await startServer([config, '--sentinel'], /Sentinel ID is|monitor master/);
      const env = { REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`, REDIS_SENTINEL_NAME: 'switchboard-main' };
      const client = createRedisConnection('redis://unused', { maxRetriesPerRequest: 1 }, env);
      expect(await roundTrip(client)).toBe('ok');
    } finally {
      await master.dispose();
    }
  });
});
