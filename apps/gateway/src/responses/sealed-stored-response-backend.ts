import { randomBytes } from 'node:crypto';
import { type Database, storedResponses } from '@switchboard/db';
import {
  aesKeyLength,
  decodeStrictBase64,
  decryptAes256Gcm,
  encodeAssociatedData,
  encryptAes256Gcm,
  type KeyWrapper,
  storedResponseWrapContext,
} from '@switchboard/vault';
import { and, eq, gt } from 'drizzle-orm';
import type { StoredResponseBackend, StoredResponseRecord } from './stored-response-backend';

// The row binding: a sealed body copied onto another row, or to another owner, does not open.
function associatedData(id: string, ownerKeyId: string): Buffer {
  return encodeAssociatedData('switchboard.responses.stored.v1', [id, ownerKeyId]);
}

/**
 * Stored responses in Postgres, sealed like provider keys: a fresh data key per row encrypts the
 * body (AES-256-GCM, associated data = row id + owner) and is wrapped by the KEK ring's current
 * key (`npm run vault:rotate` rewraps those data keys, see rewrapStoredResponses). A row whose KEK is no longer loaded, or that does not authenticate, reads as absent.
 */
export class SealedStoredResponseBackend implements StoredResponseBackend {
  constructor(
    private readonly db: Database,
    private readonly wrapper: KeyWrapper,
  ) {}

  async insert(record: StoredResponseRecord): Promise<void> {
    const dataKey = randomBytes(aesKeyLength);
    const plaintext = Buffer.from(record.plaintext, 'utf8');
    try {
      const sealed = encryptAes256Gcm(dataKey, plaintext, associatedData(record.id, record.ownerKeyId));
      const wrapped = await this.wrapper.wrap(dataKey, storedResponseWrapContext(record.id, record.ownerKeyId));
      await this.db
        .insert(storedResponses)
        .values({
          id: record.id,
          ownerKeyId: record.ownerKeyId,
          providerId: record.providerId,
          providerKeyId: record.providerKeyId ?? null,
          native: record.native,
          ciphertext: sealed.ciphertext.toString('base64'),
          nonce: sealed.nonce.toString('base64'),
          authTag: sealed.authTag.toString('base64'),
          wrappedDek: wrapped.wrappedDek,
          kekId: wrapped.kekId,
          sizeBytes: plaintext.length,
          expiresAt: record.expiresAt,
        })
        .onConflictDoNothing();
    } finally {
      dataKey.fill(0);
      plaintext.fill(0);
    }
  }

  async find(id: string, ownerKeyId: string, now: Date): Promise<StoredResponseRecord | undefined> {
    const [row] = await this.db
      .select()
      .from(storedResponses)
      .where(and(eq(storedResponses.id, id), eq(storedResponses.ownerKeyId, ownerKeyId), gt(storedResponses.expiresAt, now)));
    if (!row || !this.wrapper.canUnwrap(row.kekId)) return undefined;
    const ciphertext = decodeStrictBase64(row.ciphertext);
    const nonce = decodeStrictBase64(row.nonce);
    const authTag = decodeStrictBase64(row.authTag);
    if (ciphertext === undefined || nonce === undefined || authTag === undefined) return undefined;
    let dataKey: Buffer;
    try {
      dataKey = await this.wrapper.unwrap(row.wrappedDek, row.kekId, storedResponseWrapContext(row.id, row.ownerKeyId));
    } catch {
      return undefined;
    }
    try {
      const plaintext = decryptAes256Gcm(dataKey, { ciphertext, nonce, authTag }, associatedData(row.id, row.ownerKeyId));
      if (plaintext === undefined) return undefined;
      return {
        id: row.id,
        ownerKeyId: row.ownerKeyId,
        providerId: row.providerId,
        providerKeyId: row.providerKeyId ?? undefined,
        native: row.native,
        plaintext: plaintext.toString('utf8'),
        expiresAt: row.expiresAt,
      };
    } finally {
      dataKey.fill(0);
    }
  }

  async delete(id: string, ownerKeyId: string): Promise<boolean> {
    const removed = await this.db
      .delete(storedResponses)
      .where(and(eq(storedResponses.id, id), eq(storedResponses.ownerKeyId, ownerKeyId)))
      .returning({ id: storedResponses.id });
    return removed.length > 0;
  }
}
