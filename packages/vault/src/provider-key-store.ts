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
import { and, asc, eq, inArray, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { ActiveProviderSecret } from './active-provider-secret';
import { assertProviderKeyName } from './assert-provider-key-name';
import { assertProviderKeySecret } from './assert-provider-key-secret';
import type { KeyWrapper } from './key-wrapper';
import { openSecret } from './open-secret';
import { ProviderKeyStoreError } from './provider-key-store-error';
import { type ProviderKeySummary, providerKeySummaryColumns } from './provider-key-summary';
import {
  type LoadedProviderKeyStatus,
  loadedProviderKeyStatuses,
  type ProviderKeyEvent,
  probedProviderKeyStatuses,
  providerKeyTransitions,
} from './provider-key-transitions';
import { type RewrapResult, rewrapProviderKeys } from './rewrap-provider-keys';
import { sealSecret } from './seal-secret';
import { sealedSecretFromRow } from './sealed-secret-from-row';
import { VaultError, type VaultErrorCode } from './vault-error';

export const maximumStatusReasonLength = 500;

/** The statuses an admin sets directly, and the event each is. */
const ADMIN_EVENT_FOR_STATUS = { active: 'enabled', disabled: 'disabled', revoked: 'revoked' } as const;

/** A row that did not decrypt: named by id (a label, not a secret) for the log line and alert. */
export interface UndecryptableRow {
  keyId: string;
  providerId: string;
  code: VaultErrorCode;
  /** False when the row was already marked (by this or another instance). */
  newlyMarked: boolean;
}

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
   * disabled or rotated. Revoking a revoked key changes nothing (it keeps its first revokedAt). A
   * key waiting on confirmation of its provider's new origin is confirmed (`confirm`) or revoked,
   * never simply enabled. The reason replaces the previous one, and is cleared when none is given.
   */
  async setStatus(providerId: string, keyId: string, status: ProviderKeyStatus, reason?: string): Promise<ProviderKeySummary> {
    // Own keys only: a status such as 'constructor' must not find Object.prototype's.
    const event = Object.hasOwn(ADMIN_EVENT_FOR_STATUS, status)
      ? ADMIN_EVENT_FOR_STATUS[status as keyof typeof ADMIN_EVENT_FOR_STATUS]
      : undefined;
    if (event === undefined) {
      throw new ProviderKeyStoreError('invalid', `status must be one of ${Object.keys(ADMIN_EVENT_FOR_STATUS).join(', ')}`);
    }
    if (reason !== undefined && (typeof reason !== 'string' || reason.length > maximumStatusReasonLength)) {
      throw new ProviderKeyStoreError(
        'invalid',
        `status reason must be a string of at most ${maximumStatusReasonLength} characters`,
      );
    }
    const updated = await this.#apply(this.#keyIs(providerId, keyId), event, reason ?? null);
    if (updated[0] !== undefined) return updated[0];

    const existing = await this.get(providerId, keyId);
    if (status === 'revoked') return existing;
    const verb = status === 'active' ? 'enabled' : 'disabled';
    if (existing.status === 'needs_confirmation') {
      throw new ProviderKeyStoreError(
        'invalid_state',
        `provider key ${keyId} waits for confirmation of its provider's new origin and cannot be ${verb}: confirm it (POST .../confirm) or revoke it`,
      );
    }
    throw revokedKey(keyId, verb);
  }

  /**
   * Moves one key along the state diagram when `event` applies to its current status (one
   * conditional UPDATE, so concurrent instances and admins cannot overwrite each other). The
   * reason is cut to the column's display length. Returns the summary when the key changed.
   */
  async transition(
    providerId: string,
    keyId: string,
    event: ProviderKeyEvent,
    reason: string | null,
    nextProbeAt?: Date,
  ): Promise<ProviderKeySummary | undefined> {
    const [updated] = await this.#apply(this.#keyIs(providerId, keyId), event, reason, nextProbeAt);
    return updated;
  }

  /**
   * The provider's base URL origin changed through the admin API: every key that could be sent
   * there waits for an admin's confirmation (issue 15 point 5). Returns the keys moved.
   */
  async markOriginChanged(providerId: string, reason: string): Promise<ProviderKeySummary[]> {
    return this.#apply(eq(providerKeys.providerId, providerId), 'originChanged', reason);
  }

  /** An admin confirms a key for its provider's current origin; only a key waiting on it. */
  async confirm(providerId: string, keyId: string, reason: string): Promise<ProviderKeySummary> {
    const [updated] = await this.#apply(this.#keyIs(providerId, keyId), 'confirmed', reason);
    if (updated !== undefined) return updated;
    const existing = await this.get(providerId, keyId);
    throw new ProviderKeyStoreError(
      'invalid_state',
      `provider key ${keyId} is ${existing.status}; only a key in needs_confirmation can be confirmed`,
    );
  }

  /**
   * Claims the keys waiting on a probe whose time has come, pushing their next probe (by status:
   * suspect keys and out_of_credit keys retry at their own pace) in the same UPDATE: of several
   * instances, exactly one probes each key per round.
   */
  async claimDueProbes(
    now: Date,
    next: { suspect: Date; outOfCredit: Date },
  ): Promise<{ keyId: string; providerId: string; status: ProviderKeyStatus }[]> {
    return this.#db
      .update(providerKeys)
      .set({
        nextProbeAt: sql`case when ${providerKeys.status} = 'suspect' then ${next.suspect.toISOString()}::timestamptz else ${next.outOfCredit.toISOString()}::timestamptz end`,
        updatedAt: sql`${providerKeys.updatedAt}`,
      })
      .where(and(inArray(providerKeys.status, [...probedProviderKeyStatuses]), lte(providerKeys.nextProbeAt, now)))
      .returning({ keyId: providerKeys.id, providerId: providerKeys.providerId, status: providerKeys.status });
  }

  /** How many keys are in each status, every status named (for the per-state gauge). */
  async countByStatus(): Promise<Record<ProviderKeyStatus, number>> {
    const rows = await this.#db
      .select({ status: providerKeys.status, count: sql<number>`count(*)::int` })
      .from(providerKeys)
      .groupBy(providerKeys.status);
    const counts = Object.fromEntries(providerKeyStatuses.map((status) => [status, 0])) as Record<ProviderKeyStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }

  async #apply(where: SQL | undefined, event: ProviderKeyEvent, reason: string | null, nextProbeAt?: Date) {
    const { from, to } = providerKeyTransitions[event];
    const statusReason = reason === null ? null : Array.from(String(reason)).slice(0, maximumStatusReasonLength).join('');
    const waitsOnProbe = (probedProviderKeyStatuses as readonly string[]).includes(to);
    return (
      this.#db
        .update(providerKeys)
        .set({
          status: to,
          statusReason,
          // A key that stays where it was (disabling a disabled key) keeps its "since".
          statusSince: sql`case when ${providerKeys.status} = ${to} then ${providerKeys.statusSince} else now() end`,
          nextProbeAt: waitsOnProbe ? (nextProbeAt ?? new Date()) : null,
          ...(to === 'revoked' ? { revokedAt: new Date() } : {}),
        })
        // The status condition sits in the UPDATE itself, so a concurrent change cannot be undone.
        .where(and(where, inArray(providerKeys.status, [...from])))
        .returning(providerKeySummaryColumns)
    );
  }

  /** Replaces the secret in one UPDATE: a fresh data key and ciphertext, same id and name. */
  async rotate(providerId: string, keyId: string, newSecret: string): Promise<ProviderKeySummary> {
    if (!isNonEmptyString(providerId) || !isNonEmptyString(keyId)) throw unknownKey(String(providerId), String(keyId));
    assertProviderKeySecret(newSecret);
    const sealed = await sealSecret(newSecret, { providerKeyId: keyId, providerId }, this.#wrapper);
    const [updated] = await this.#db
      .update(providerKeys)
      .set({
        ...sealed,
        rotatedAt: new Date(),
        // A fresh secret decrypts: an undecryptable row serves again.
        status: sql`case when ${providerKeys.status} = 'undecryptable' then 'active' else ${providerKeys.status} end`,
        statusSince: sql`case when ${providerKeys.status} = 'undecryptable' then now() else ${providerKeys.statusSince} end`,
        statusReason: sql`case when ${providerKeys.status} = 'undecryptable' then 'rotated to a new secret' else ${providerKeys.statusReason} end`,
      })
      .where(and(this.#keyIs(providerId, keyId), ne(providerKeys.status, 'revoked')))
      .returning(providerKeySummaryColumns);
    if (updated !== undefined) return updated;
    await this.get(providerId, keyId);
    throw revokedKey(keyId, 'rotated');
  }

  /**
   * Decrypts every key that serves or may be restored by a probe (active, suspect, out_of_credit),
   * for the gateway's in-memory cache (filled at start and on change, never per request). A row
   * that does not decrypt no longer fails the load (issue 15 point 8: one bad row must not take
   * every provider down): it is moved to `undecryptable` with the vault's error code as reason,
   * reported to `onUndecryptable` (which names the row, never a secret) and skipped.
   */
  async loadActiveSecrets(onUndecryptable?: (row: UndecryptableRow) => void): Promise<ActiveProviderSecret[]> {
    // The provider's endpoints come from the same snapshot as the statuses: an origin change and
    // the keys it holds for confirmation commit together, so no load pairs an active key with an
    // origin it was not confirmed for.
    const joined = await this.#db
      .select({ key: providerKeys, baseUrl: providers.baseUrl, anthropicBaseUrl: providers.anthropicBaseUrl })
      .from(providerKeys)
      .innerJoin(providers, eq(providers.id, providerKeys.providerId))
      .where(inArray(providerKeys.status, [...loadedProviderKeyStatuses]))
      .orderBy(asc(providerKeys.providerId), asc(providerKeys.name));
    const secrets: ActiveProviderSecret[] = [];
    for (const { key: row, baseUrl, anthropicBaseUrl } of joined) {
      let secret: string;
      try {
        secret = await openSecret(sealedSecretFromRow(row), { providerKeyId: row.id, providerId: row.providerId }, this.#wrapper);
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        const moved = await this.transition(row.providerId, row.id, 'decryptionFailed', `${error.code}: ${error.message}`);
        onUndecryptable?.({ keyId: row.id, providerId: row.providerId, code: error.code, newlyMarked: moved !== undefined });
        continue;
      }
      secrets.push({
        keyId: row.id,
        providerId: row.providerId,
        name: row.name,
        secret,
        status: row.status as LoadedProviderKeyStatus,
        endpoints: { baseUrl, anthropicBaseUrl },
      });
    }
    return secrets;
  }

  /** One key's plaintext, for the admin "test this key" call. Revoked keys stay closed. */
  async openSecret(providerId: string, keyId: string): Promise<string> {
    const [row] = await this.#db.select().from(providerKeys).where(this.#keyIs(providerId, keyId));
    if (row === undefined) throw unknownKey(providerId, keyId);
    // A key waiting on confirmation must not reach the provider's new origin, not even in a test.
    if (row.status === 'revoked' || row.status === 'needs_confirmation' || row.status === 'undecryptable')
      throw new ProviderKeyStoreError('invalid_state', `provider key ${keyId} is ${row.status}`);
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
