import type { StoredResponseBackend, StoredResponseRecord } from './stored-response-backend';

const DEFAULT_CAPACITY = 1_000;

/**
 * Stored responses in process memory, for a gateway started without a database (adapter tests):
 * bounded by count, oldest dropped first. `npm start` always has a database (PGlite at least).
 */
export class MemoryStoredResponseBackend implements StoredResponseBackend {
  private readonly records = new Map<string, StoredResponseRecord>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  async insert(record: StoredResponseRecord): Promise<void> {
    if (this.records.has(record.id)) return;
    this.records.set(record.id, record);
    if (this.records.size > this.capacity) this.records.delete(this.records.keys().next().value!);
  }

  async find(id: string, ownerKeyId: string, now: Date): Promise<StoredResponseRecord | undefined> {
    const record = this.records.get(id);
    if (!record || record.ownerKeyId !== ownerKeyId || record.expiresAt <= now) return undefined;
    return record;
  }

  async delete(id: string, ownerKeyId: string): Promise<boolean> {
    const record = this.records.get(id);
    if (!record || record.ownerKeyId !== ownerKeyId) return false;
    return this.records.delete(id);
  }
}
