import type { RecordedRequest } from './recorded-request';

/** The last `capacity` requests of one provider, oldest first; old entries are overwritten. */
export class RequestRing {
  private readonly entries: (RecordedRequest | undefined)[];
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`recordLimit must be a positive integer, got ${capacity}`);
    this.entries = new Array<RecordedRequest | undefined>(capacity);
  }

  push(entry: RecordedRequest): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** Copies, so a caller's snapshot does not change while requests are still being answered. */
  list(): RecordedRequest[] {
    const result: RecordedRequest[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let offset = 0; offset < this.size; offset++) {
      const entry = this.entries[(start + offset) % this.capacity];
      if (entry) result.push({ ...entry, usageSent: entry.usageSent ? { ...entry.usageSent } : null });
    }
    return result;
  }

  clear(): void {
    this.entries.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}
