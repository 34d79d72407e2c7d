import type { IdempotencyEntry, IdempotencyStore } from './idempotency-store';

interface Held {
  entry: IdempotencyEntry;
  expiresAt: number;
  bytes: number;
}

function sizeOf(entry: IdempotencyEntry): number {
  return entry.state === 'done' ? entry.answer.body.length * 2 + 512 : 256;
}

/**
 * The embedded store: one process, so a map, bounded by entries and by bytes (the oldest entries
 * go first, as a Map iterates in insertion order) and expiring on read.
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly held = new Map<string, Held>();
  private bytes = 0;

  constructor(
    private readonly limits: { maxEntries: number; maxBytes: number } = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 },
    private readonly now: () => number = Date.now,
  ) {}

  async claim(key: string, running: IdempotencyEntry, ttlMs: number): Promise<IdempotencyEntry | undefined> {
    const current = this.live(key);
    if (current) return current.entry;
    this.put(key, running, ttlMs);
    return undefined;
  }

  async complete(key: string, done: IdempotencyEntry, ttlMs: number): Promise<void> {
    this.put(key, done, ttlMs);
  }

  async release(key: string): Promise<void> {
    this.remove(key);
  }

  get size(): number {
    return this.held.size;
  }

  private live(key: string): Held | undefined {
    const current = this.held.get(key);
    if (current && current.expiresAt <= this.now()) {
      this.remove(key);
      return undefined;
    }
    return current;
  }

  private put(key: string, entry: IdempotencyEntry, ttlMs: number): void {
    this.remove(key);
    const bytes = sizeOf(entry);
    this.held.set(key, { entry, expiresAt: this.now() + ttlMs, bytes });
    this.bytes += bytes;
    for (const oldest of this.held.keys()) {
      if (this.held.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      if (oldest === key) continue;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const current = this.held.get(key);
    if (!current) return;
    this.held.delete(key);
    this.bytes -= current.bytes;
  }
}
