import { apiKeys, type Database, postgresErrorCode, postgresErrorCodes } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { asc, eq, sql } from 'drizzle-orm';
import { AccessError } from './access-error';
import type { CreateApiKeyInput, UpdateApiKeyInput } from './api-key-fields';
import { displayPartsOfApiKey, generateApiKey, hashApiKey } from './api-key-format';
import { type ApiKeySummary, apiKeySummaryColumns } from './api-key-summary';
import { normalizeApiKeyFields } from './normalize-api-key-fields';

export interface CreatedApiKey {
  /** The plaintext key: returned here once, stored only as its SHA-256. */
  key: string;
  summary: ApiKeySummary;
}

/** Gateway API keys in the database, stored as SHA-256 hashes. Pass a transaction as `db` to write an audit row with the change. */
export class ApiKeyStore {
  readonly #db: Database;
  readonly #now: () => Date;

  /** `now` is injectable so revocation times can be tested exactly. */
  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    const values = normalizeApiKeyFields(input, 'create');
    const key = generateApiKey();
    const [summary] = await this.#write(input, () =>
      this.#db
        .insert(apiKeys)
        .values({ ...values, name: values.name!, id: newId('key'), keyHash: hashApiKey(key), ...displayPartsOfApiKey(key) })
        .returning(apiKeySummaryColumns),
    );
    return { key, summary: summary! };
  }

  async get(id: string): Promise<ApiKeySummary> {
    const [summary] = await this.#db.select(apiKeySummaryColumns).from(apiKeys).where(eq(apiKeys.id, id));
    if (summary === undefined) throw notFound(id);
    return summary;
  }

  /** Every key, revoked ones included (the dashboard shows them struck through), oldest first. */
  list(): Promise<ApiKeySummary[]> {
    return this.#db.select(apiKeySummaryColumns).from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  }

  /** Applies a PATCH: fields left out stay, `null` clears. An empty patch changes nothing (not even updatedAt). */
  async update(id: string, patch: UpdateApiKeyInput): Promise<ApiKeySummary> {
    const values = normalizeApiKeyFields(patch, 'update');
    if (Object.keys(values).length === 0) return this.get(id);
    const [summary] = await this.#write(patch, () =>
      this.#db.update(apiKeys).set(values).where(eq(apiKeys.id, id)).returning(apiKeySummaryColumns),
    );
    if (summary === undefined) throw notFound(id);
    return summary;
  }

  /** Revokes a key for good; revoking it again changes nothing and keeps the first revokedAt. */
  async revoke(id: string): Promise<ApiKeySummary> {
    const [summary] = await this.#db
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${this.#now().toISOString()}::timestamptz)` })
      .where(eq(apiKeys.id, id))
      .returning(apiKeySummaryColumns);
    if (summary === undefined) throw notFound(id);
    return summary;
  }

  /**
   * The key whose SHA-256 is `hash`, revoked and expired ones included (the authenticator tells
   * them apart and caches the answer), or undefined. Equality on a unique index of a hash leaks
   * nothing useful through timing: finding a match needs a preimage.
   */
  async findByHash(hash: string): Promise<ApiKeySummary | undefined> {
    const [summary] = await this.#db.select(apiKeySummaryColumns).from(apiKeys).where(eq(apiKeys.keyHash, hash));
    return summary;
  }

  async #write(input: UpdateApiKeyInput, write: () => Promise<ApiKeySummary[]>): Promise<ApiKeySummary[]> {
    try {
      return await write();
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === postgresErrorCodes.uniqueViolation)
        throw new AccessError('conflict', `an API key named '${input.name}' already exists`);
      // The only check not tested before the write: an update setting one budget field while the row lacks the other.
      if (code === postgresErrorCodes.checkViolation)
        throw new AccessError('invalid', 'budgetUsd and budgetPeriod must be set together');
      throw error;
    }
  }
}

function notFound(id: string): AccessError {
  return new AccessError('not_found', `no API key '${id}'`);
}
