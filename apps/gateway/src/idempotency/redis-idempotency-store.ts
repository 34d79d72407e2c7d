import type { Redis } from 'ioredis';
import type { IdempotencyEntry, IdempotencyStore } from './idempotency-store';

/**
 * The shared store: one Redis key per idempotency key, so every instance sees a claim or an
 * answer another made. A claim is `SET NX PX` (one round trip when the key is new); only a key
 * already taken costs a second read.
 */
export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async claim(key: string, running: IdempotencyEntry, ttlMs: number): Promise<IdempotencyEntry | undefined> {
    const name = this.name(key);
    const value = JSON.stringify(running);
    // Twice at most: the holder may expire or release between the SET and the GET.
    for (let round = 0; round < 2; round++) {
      if ((await this.redis.set(name, value, 'PX', ttlMs, 'NX')) === 'OK') return undefined;
      const current = await this.redis.get(name);
      if (current !== null) return JSON.parse(current) as IdempotencyEntry;
    }
    return running;
  }

  async complete(key: string, done: IdempotencyEntry, ttlMs: number): Promise<void> {
    await this.redis.set(this.name(key), JSON.stringify(done), 'PX', ttlMs);
  }

  async release(key: string): Promise<void> {
    await this.redis.del(this.name(key));
  }

  private name(key: string): string {
    return `${this.prefix}idempotency:${key}`;
  }
}
