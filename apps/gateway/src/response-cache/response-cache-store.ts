import type { StoredAnswer } from '../idempotency/idempotency-store';

/**
 * Where the exact response cache keeps answers: Redis when REDIS_URL is set (shared by every
 * instance), else a bounded in-memory map. Keys are already scoped to the tenant.
 */
export interface ResponseCacheStore {
  get(key: string): Promise<StoredAnswer | undefined>;
  set(key: string, answer: StoredAnswer, ttlMs: number): Promise<void>;
}

const DEFAULT_MAX_ENTRIES = 5_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** The embedded store: least recently used dropped first, bounded in entries and body bytes. */
export class MemoryResponseCacheStore implements ResponseCacheStore {
  private readonly entries = new Map<string, { answer: StoredAnswer; expiresAt: number; bytes: number }>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<StoredAnswer | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.bytes -= entry.bytes;
      return undefined;
    }
    this.entries.set(key, entry);
    return entry.answer;
  }

  async set(key: string, answer: StoredAnswer, ttlMs: number): Promise<void> {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.bytes -= previous.bytes;
    }
    const bytes = answer.body.length * 2;
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { answer, expiresAt: this.now() + ttlMs, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [oldest, entry] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }
}
