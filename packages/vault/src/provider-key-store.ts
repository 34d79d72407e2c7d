import {
  type Database,
  type ProviderKeyStatus,
  postgresErrorCode,
  postgresErrorCodes,
  providerKeyStatuses,
  providerKeys,
  providers,
} from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { ActiveProviderSecret } from './active-provider-secret';
import { assertProviderKeyName } from './assert-provider-key-name';
import { assertProviderKeySecret } from './assert-provider-key-secret';
import type { KeyWrapper } from './key-wrapper';
import { openSecret } from './open-secret';
import { ProviderKeyStoreError } from './provider-key-store-error';
import { type ProviderKeySummary, providerKeySummaryColumns } from './provider-key-summary';
import { type RewrapResult, rewrapProviderKeys } from './rewrap-provider-keys';
import { sealSecret } from './seal-secret';
import { sealedSecretFromRow } from './sealed-secret-from-row';

export const maximumStatusReasonLength = 500;

/**
 * Provider keys in the database, sealed by the vault. Plaintext goes in through create and rotate
 * and comes out only through loadActiveSecrets and openSecret; everything else returns summaries.
 */
export class ProviderKeyStore {
  readonly #db: Database;
  readonly #wrapper: KeyWrapper;

  constructor(db: Database, wrapper: KeyWrapper) {
    this.#db = db;
    this.#wrapper = wrapper;
  }

  async create(providerId: string, name: string, secret: string): Promise<ProviderKeySummary> {
    if (!isNonEmptyString(providerId)) throw unknownProvider(String(providerId));
    assertProviderKeyName(name);
    assertProviderKeySecret(secret);
    // The id exists before sealing because the associated data binds the ciphertext to it.
    const id = newId('pk');
    const sealed = await sealSecret(secret, { providerKeyId: id, providerId }, this.#wrapper);
    try {
      const [created] = await this.#db
        .insert(providerKeys)
        .values({ id, providerId, name, ...sealed })
        .returning(providerKeySummaryColumns);
      return created!;
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === postgresErrorCodes.uniqueViolation) {
        throw new ProviderKeyStoreError('conflict', `provider ${providerId} already has a key named '${name}'`);
      }
      if (code === postgresErrorCodes.foreignKeyViolation) throw unknownProvider(providerId);
      throw error;
    }
  }

  async list(providerId: string): Promise<ProviderKeySummary[]> {
    const rows = await this.#db
      .select(providerKeySummaryColumns)
      .from(providerKeys)
      .where(eq(providerKeys.providerId, providerId))
      .orderBy(asc(providerKeys.name));
    if (rows.length === 0 && !(await this.#providerExists(providerId))) throw unknownProvider(providerId);
    return rows;
  }

  async get(providerId: string, keyId: string): Promise<ProviderKeySummary> {
    const [row] = await this.#db.select(providerKeySummaryColumns).from(providerKeys).where(this.#keyIs(providerId, keyId));
    if (row === undefined) throw unknownKey(providerId, keyId);
    return row;
  }

  /**
   * Enables, disables or revokes a key. Revoked is final: the key can no longer be enabled,
   * disabled or rotated. Revoking a revoked key changes nothing (it keeps its first revokedAt).
   * The reason replaces the previous one, and is cleared when none is given.
   */
  async setStatus(providerId: string, keyId: string, status: ProviderKeyStatus, reason?: string): Promise<ProviderKeySummary> {
    if (!providerKeyStatuses.includes(status)) {
      throw new ProviderKeyStoreError('invalid', `status must be one of ${providerKeyStatuses.join(', ')}`);
    }
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > maximumStatusReasonLength)) {
      throw new ProviderKeyStoreError(
        'invalid',
        `status reason must be a string of at most ${maximumStatusReasonLength} characters`,
      );
    }
    // The status condition sits in the UPDATE itself, so a concurrent revoke cannot be undone.
    const [updated] = await this.#db
      .update(providerKeys)
      .set({ status, statusReason: reason ?? null, ...(status === 'revoked' ? { revokedAt: new Date() } : {}) })
      .where(and(this.#keyIs(providerId, keyId), ne(providerKeys.status, 'revoked')))
      .returning(providerKeySummaryColumns);
    if (updated !== undefined) return updated;

    const existing = await this.get(providerId, keyId);
    if (status === 'revoked') return existing;
    throw revokedKey(keyId, status === 'active' ? 'enabled' : 'disabled');
  }

  /** Replaces the secret in one UPDATE: a fresh data key and ciphertext, same id and name. */
  async rotate(providerId: string, keyId: string, newSecret: string): Promise<ProviderKeySummary> {
    if (!isNonEmptyString(providerId) || !isNonEmptyString(keyId)) throw unknownKey(String(providerId), String(keyId));
    assertProviderKeySecret(newSecret);
    const sealed = await sealSecret(newSecret, { providerKeyId: keyId, providerId }, this.#wrapper);
    const [updated] = await this.#db
      .update(providerKeys)
      .set({ ...sealed, rotatedAt: new Date() })
      .where(and(this.#keyIs(providerId, keyId), ne(providerKeys.status, 'revoked')))
      .returning(providerKeySummaryColumns);
    if (updated !== undefined) return updated;
    await this.get(providerId, keyId);
    throw revokedKey(keyId, 'rotated');
  }

  /**
   * The gateway's reaction to an upstream 401/403: an active key is disabled with the reason
   * (cut to the column's display length). Keys already disabled or revoked are left alone, so an
   * admin's own reason is not overwritten. Returns whether the key changed.
   */
  async disableAfterUpstreamRejection(providerId: string, keyId: string, reason: string): Promise<boolean> {
    const statusReason = Array.from(String(reason)).slice(0, maximumStatusReasonLength).join('');
    const updated = await this.#db
      .update(providerKeys)
      .set({ status: 'disabled', statusReason })
      .where(and(this.#keyIs(providerId, keyId), eq(providerKeys.status, 'active')))
      .returning({ id: providerKeys.id });
    return updated.length === 1;
  }

  /**
   * Decrypts every active key, for the gateway's in-memory cache (filled at start and on change,
   * never per request). Any key that does not decrypt fails the whole load with a VaultError
   * naming it: a tampered or misconfigured vault should stop a deploy, not quietly drop keys.
   */
  async loadActiveSecrets(): Promise<ActiveProviderSecret[]> {
    const rows = await this.#db
      .select()
      .from(providerKeys)
      .where(eq(providerKeys.status, 'active'))
      .orderBy(asc(providerKeys.providerId), asc(providerKeys.name));
    const secrets: ActiveProviderSecret[] = [];
    for (const row of rows) {
      const secret = await openSecret(
        sealedSecretFromRow(row),
        { providerKeyId: row.id, providerId: row.providerId },
        this.#wrapper,
      );
      secrets.push({ keyId: row.id, providerId: row.providerId, name: row.name, secret });
    }
    return secrets;
  }

  /** One key's plaintext, for the admin "test this key" call. Revoked keys stay closed. */
  async openSecret(providerId: string, keyId: string): Promise<string> {
    const [row] = await this.#db.select().from(providerKeys).where(this.#keyIs(providerId, keyId));
    if (row === undefined) throw unknownKey(providerId, keyId);
    if (row.status === 'revoked') throw new ProviderKeyStoreError('invalid_state', `provider key ${keyId} is revoked`);
    return openSecret(sealedSecretFromRow(row), { providerKeyId: row.id, providerId: row.providerId }, this.#wrapper);
  }

  /**
   * Records use for a batch of keys in one UPDATE. Never moves lastUsedAt backwards (batches from
   * several instances arrive out of order) and leaves updatedAt alone: use is not an edit.
   */
  async markUsed(keyIds: readonly string[], at: Date): Promise<void> {
    const ids = [...new Set(keyIds)];
    if (ids.length === 0) return;
    if (!(at instanceof Date) || Number.isNaN(at.getTime()))
      throw new ProviderKeyStoreError('invalid', 'markUsed needs a valid Date');
    await this.#db
      .update(providerKeys)
      .set({
        lastUsedAt: sql`greatest(${providerKeys.lastUsedAt}, ${at.toISOString()}::timestamptz)`,
        updatedAt: sql`${providerKeys.updatedAt}`,
      })
      .where(inArray(providerKeys.id, ids));
  }

  /** Rewraps every row's data key under the wrapper's current KEK; see rewrapProviderKeys. */
  rewrapAll(): Promise<RewrapResult> {
    return rewrapProviderKeys(this.#db, this.#wrapper);
  }

  #keyIs(providerId: string, keyId: string) {
    return and(eq(providerKeys.id, keyId), eq(providerKeys.providerId, providerId));
  }

  async #providerExists(providerId: string): Promise<boolean> {
    const [row] = await this.#db.select({ id: providers.id }).from(providers).where(eq(providers.id, providerId));
    return row !== undefined;
  }
}

// Empty ids would trip the vault's own context check with a less useful error; no row has one.
function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function unknownProvider(providerId: string): ProviderKeyStoreError {
  return new ProviderKeyStoreError('not_found', `no provider '${providerId}'`);
}

function unknownKey(providerId: string, keyId: string): ProviderKeyStoreError {
  return new ProviderKeyStoreError('not_found', `provider ${providerId} has no key ${keyId}`);
}

function revokedKey(keyId: string, verb: string): ProviderKeyStoreError {
  return new ProviderKeyStoreError('invalid_state', `provider key ${keyId} is revoked and cannot be ${verb}`);
}
