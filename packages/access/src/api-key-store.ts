import { apiKeys, type Database, postgresErrorCode, postgresErrorCodes, teams } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { asc, eq, sql } from 'drizzle-orm';
import { AccessError } from './access-error';
import type { CreateApiKeyInput, UpdateApiKeyInput } from './api-key-fields';
import { displayPartsOfApiKey, generateApiKey, hashApiKey } from './api-key-format';
import { type ApiKeySummary, apiKeySummaryColumns } from './api-key-summary';
import { normalizeApiKeyFields } from './normalize-api-key-fields';
import { teamSummaryColumns } from './team-summary';

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
    // The team travels with the key (one query, one cache entry): admission needs both limits.
    const [row] = await this.#db
      .select({ key: apiKeySummaryColumns, team: teamSummaryColumns })
      .from(apiKeys)
      .leftJoin(teams, eq(teams.id, apiKeys.teamId))
      .where(eq(apiKeys.keyHash, hash));
    if (row === undefined) return undefined;
    return { ...row.key, team: row.team };
  }

  /**
   * Issues a successor with the same settings, team and budget and rate-limit identity (spend
   * continues, not reset), and makes the old key expire after `overlapSeconds` (or its own expiry
   * if sooner). The old key keeps its history and is renamed so the successor takes its name.
   */
  async rotate(id: string, overlapSeconds: number): Promise<{ created: CreatedApiKey; previous: ApiKeySummary }> {
    if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > 30 * 86_400) {
      throw new AccessError('invalid', 'overlapSeconds must be a whole number from 0 to 2592000 (30 days)');
    }
    const [old] = await this.#db.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (old === undefined) throw notFound(id);
    const now = this.#now();
    if (old.revokedAt !== null || (old.expiresAt !== null && old.expiresAt.getTime() <= now.getTime())) {
      throw new AccessError('invalid', `API key '${id}' is revoked or expired; create a new key instead`);
    }
    const overlapEnd = new Date(now.getTime() + overlapSeconds * 1000);
    const oldExpiry = old.expiresAt !== null && old.expiresAt < overlapEnd ? old.expiresAt : overlapEnd;
    // The old id keeps the name unique however often a key is rotated.
    const suffix = ` (rotated ${old.id})`;
    const renamed =
      Array.from(old.name)
        .slice(0, 64 - suffix.length)
        .join('') + suffix;
    const [previous] = await this.#db
      .update(apiKeys)
      .set({ name: renamed, expiresAt: oldExpiry })
      .where(eq(apiKeys.id, id))
      .returning(apiKeySummaryColumns);
    const key = generateApiKey();
    const {
      id: _id,
      keyHash: _hash,
      prefix: _prefix,
      last4: _last4,
      createdAt: _created,
      updatedAt: _updated,
      ...settings
    } = old;
    const [summary] = await this.#db
      .insert(apiKeys)
      .values({
        ...settings,
        id: newId('key'),
        keyHash: hashApiKey(key),
        ...displayPartsOfApiKey(key),
        ledgerKeyId: old.ledgerKeyId ?? old.id,
        rotatedFromId: old.id,
      })
      .returning(apiKeySummaryColumns);
    return { created: { key, summary: summary! }, previous: previous! };
  }

  async #write(input: UpdateApiKeyInput, write: () => Promise<ApiKeySummary[]>): Promise<ApiKeySummary[]> {
    try {
      return await write();
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === postgresErrorCodes.uniqueViolation)
        throw new AccessError('conflict', `an API key named '${input.name}' already exists`);
      if (code === postgresErrorCodes.foreignKeyViolation) throw new AccessError('invalid', `teamId: no team '${input.teamId}'`);
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
