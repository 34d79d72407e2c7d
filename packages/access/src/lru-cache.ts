interface Entry<Value> {
  value: Value;
  expiresAtMs: number;
}

/**
 * A bounded map that forgets the least recently used entry when full, and treats an entry as
 * gone once its expiry passes. Map keeps insertion order, so moving an entry to the end on every
 * read makes the first key the least recently used one.
 */
export class LruCache<Key, Value> {
  readonly #maximumEntries: number;
  readonly #entries = new Map<Key, Entry<Value>>();

  constructor(maximumEntries: number) {
    if (!Number.isInteger(maximumEntries) || maximumEntries < 1)
      throw new RangeError('LruCache needs room for at least one entry');
    this.#maximumEntries = maximumEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value, if present and not expired at `nowMs`; a hit becomes the most recently used. */
  get(key: Key, nowMs: number): Value | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAtMs <= nowMs) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  set(key: Key, value: Value, expiresAtMs: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { value, expiresAtMs });
    if (this.#entries.size > this.#maximumEntries) this.#entries.delete(this.#entries.keys().next().value as Key);
  }

  delete(key: Key): void {
    this.#entries.delete(key);
  }

  /** Removes every entry whose value satisfies `predicate`. */
  deleteWhere(predicate: (value: Value) => boolean): void {
    for (const [key, entry] of this.#entries) if (predicate(entry.value)) this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
