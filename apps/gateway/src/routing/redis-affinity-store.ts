import type { Redis } from 'ioredis';
import type { AffinityEntry, SharedAffinityStore } from './upstream-affinity';

// Prompt caches live 5 minutes (Anthropic, refreshed on use) to an hour or a day (OpenAI's
// extended retention); an hour-old conversation has a cold cache anyway.
const ENTRY_TTL_MS = 60 * 60 * 1000;

/** The affinity table shared across replicas: one string per conversation name, written behind. */
export class RedisAffinityStore implements SharedAffinityStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly onError: (error: Error) => void = () => {},
  ) {}

  async read(keys: readonly string[]): Promise<AffinityEntry | undefined> {
    const values = await this.redis.mget(keys.map((key) => this.prefix + key));
    for (const value of values) {
      if (!value) continue;
      const [providerId, keyId, share] = value.split('\t');
      if (!providerId) continue;
      const cachedShare = Number(share);
      return {
        providerId,
        keyId: keyId ? keyId : undefined,
        cachedShare: Number.isFinite(cachedShare) && cachedShare >= 0 && cachedShare <= 1 ? cachedShare : 0,
      };
    }
    return undefined;
  }

  write(keys: readonly string[], entry: AffinityEntry): void {
    const value = `${entry.providerId}\t${entry.keyId ?? ''}\t${entry.cachedShare}`;
    // Auto-pipelined by the client: one write per conversation name, never awaited by a request.
    for (const key of keys) this.redis.set(this.prefix + key, value, 'PX', ENTRY_TTL_MS).catch(this.onError);
  }
}
