import type { StoredResponseOwner } from './stored-response';

/** A stored response as the backend sees it: who owns it, and its serialised body. */
export interface StoredResponseRecord extends StoredResponseOwner {
  /** JSON of the response and its conversation; the backend seals it at rest. */
  plaintext: string;
  expiresAt: Date;
}

/** Where stored responses live: Postgres (sealed) with a database, memory without one. */
export interface StoredResponseBackend {
  insert(record: StoredResponseRecord): Promise<void>;
  /** The live (unexpired) record with this id owned by this key, else undefined. */
  find(id: string, ownerKeyId: string, now: Date): Promise<StoredResponseRecord | undefined>;
  /** Whether a record with this id owned by this key was removed. */
  delete(id: string, ownerKeyId: string): Promise<boolean>;
}
