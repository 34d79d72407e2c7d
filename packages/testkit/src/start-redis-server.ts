import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

export interface RedisServer {
  url: string;
  port: number;
  /** Stops it the way an operator would (SHUTDOWN, data synced), keeping its data directory. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data (the append-only file). */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

async function waitForPing(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

/**
 * A private redis-server on a free loopback port, for tests that stop and restart Redis without
 * disturbing the shared one other test files use. Persistence is on (an append-only file, synced
 * on every write unless `everysec` is asked for), as BullMQ needs in production: a restart keeps
 * queued jobs.
 */
export async function startRedisServer(options: { appendFsync?: 'always' | 'everysec' } = {}): Promise<RedisServer> {
  const directory = await mkdtemp(join(tmpdir(), 'switchboard-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        directory,
        '--appendonly',
        'yes',
        '--appendfsync',
        options.appendFsync ?? 'always',
        '--save',
        '',
      ],
      { stdio: 'ignore' },
    );
    await waitForPing(url, 10_000);
  };
  const stop = async () => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await exited;
    child = undefined;
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    async dispose() {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
