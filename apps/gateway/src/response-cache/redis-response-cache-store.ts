import type { Redis } from 'ioredis';
import type { StoredAnswer } from '../idempotency/idempotency-store';
import type { ResponseCacheStore } from './response-cache-store';

/** The shared store: one Redis string per cached answer, expiring with its TTL. */
export class RedisResponseCacheStore implements ResponseCacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<StoredAnswer | undefined> {
    const value = await this.redis.get(this.name(key));
    return value === null ? undefined : (JSON.parse(value) as StoredAnswer);
  }

  async set(key: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    await this.redis.set(this.name(key), JSON.stringify(answer), 'PX', ttlMs);
  }

  private name(key: string): string {
    return `${this.prefix}response-cache:${key}`;
  }
}
