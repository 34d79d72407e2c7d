import { type AdminRole, adminRoles, adminTokens, type Database, postgresErrorCode, postgresErrorCodes } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { and, asc, eq, isNull, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import { AccessError } from './access-error';
import { displayPartsOfAdminToken, generateAdminToken, hashToken, isWellFormedAdminToken } from './admin-token-format';
import { type AdminTokenSummary, adminTokenSummaryColumns } from './admin-token-summary';
import { assertAdminTokenName } from './assert-admin-token-name';
import { hashesMatch } from './hashes-match';

/** The token ADMIN_TOKEN controls, or the one generated on first start; reserved for that. */
export const bootstrapTokenName = 'bootstrap';

// Admin calls come in bursts; one write per token per minute keeps lastUsedAt useful and cheap.
const lastUsedResolutionMilliseconds = 60_000;

const generateCommand = `echo "sb_admin_$(openssl rand -base64 64 | tr -dc 'A-Za-z0-9' | head -c 43)"`;

export interface CreateAdminTokenInput {
  name: string;
  role: AdminRole;
  /** The admin token id creating it, or null when no token is acting (tooling). */
  createdBy: string | null;
}

export interface CreatedAdminToken {
  /** The plaintext token: returned here once, stored only as its SHA-256. */
  token: string;
  summary: AdminTokenSummary;
}

/**
 * What a start did to the bootstrap token, for its audit row and log line:
 * `created` (ADMIN_TOKEN's first row), `rotated` (ADMIN_TOKEN changed: the row takes the new
 * secret), `restored` (ADMIN_TOKEN's row had been demoted), `refused_revoked` (ADMIN_TOKEN is the
 * secret of a revoked bootstrap token: it stays revoked), `minted` (no ADMIN_TOKEN and no live
 * admin token: a new secret generated), `unchanged`.
 */
export type BootstrapAction = 'created' | 'rotated' | 'restored' | 'refused_revoked' | 'minted' | 'unchanged';

export interface BootstrapResult {
  /** True when a token was generated; the caller hands `token` over once (never to a log). */
  created: boolean;
  token?: string;
  action: BootstrapAction;
}

/** Admin tokens in the database, stored as SHA-256 hashes. */
export class AdminTokenStore {
  readonly #db: Database;
  readonly #now: () => Date;

  /** `now` is injectable so the lastUsedAt throttle can be tested without waiting. */
  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  async create(input: CreateAdminTokenInput): Promise<CreatedAdminToken> {
    assertAdminTokenName(input.name);
    if (input.name === bootstrapTokenName) {
      throw new AccessError('invalid', `the name '${bootstrapTokenName}' is reserved for the token ADMIN_TOKEN sets`);
    }
    if (!adminRoles.includes(input.role)) throw new AccessError('invalid', `role must be one of ${adminRoles.join(', ')}`);
    const token = generateAdminToken();
    try {
      const [summary] = await this.#db
        .insert(adminTokens)
        .values({
          id: newId('adm'),
          name: input.name,
          role: input.role,
          tokenHash: hashToken(token),
          ...displayPartsOfAdminToken(token),
          createdBy: input.createdBy ?? null,
        })
        .returning(adminTokenSummaryColumns);
      return { token, summary: summary! };
    } catch (error) {
      if (postgresErrorCode(error) === postgresErrorCodes.uniqueViolation) {
        throw new AccessError('conflict', `an admin token named '${input.name}' already exists`);
      }
      throw error;
    }
  }

  /** Every token, revoked ones included (the dashboard shows them struck through), oldest first. */
  list(): Promise<AdminTokenSummary[]> {
    return this.#db.select(adminTokenSummaryColumns).from(adminTokens).orderBy(asc(adminTokens.createdAt), asc(adminTokens.id));
  }

  /** Revokes a token; revoking it again changes nothing and keeps the first revokedAt. */
  async revoke(id: string): Promise<AdminTokenSummary> {
    const [summary] = await this.#db
      .update(adminTokens)
      .set({ revokedAt: sql`coalesce(${adminTokens.revokedAt}, ${this.#now().toISOString()}::timestamptz)` })
      .where(eq(adminTokens.id, id))
      .returning(adminTokenSummaryColumns);
    if (summary === undefined) throw new AccessError('not_found', `no admin token '${id}'`);
    return summary;
  }

  /**
   * The token's summary when `presented` is a live admin token, else undefined: malformed (refused
   * before any query), unknown or revoked all look the same to the caller.
   */
  async verify(presented: string): Promise<AdminTokenSummary | undefined> {
    if (!isWellFormedAdminToken(presented)) return undefined;
    const hash = hashToken(presented);
    const [row] = await this.#db
      .select({ ...adminTokenSummaryColumns, tokenHash: adminTokens.tokenHash })
      .from(adminTokens)
      .where(eq(adminTokens.tokenHash, hash));
    if (row === undefined || !hashesMatch(row.tokenHash, hash) || row.revokedAt !== null) return undefined;
    const summary: AdminTokenSummary = {
      id: row.id,
      name: row.name,
      role: row.role,
      prefix: row.prefix,
      last4: row.last4,
      createdBy: row.createdBy,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      revokedAt: row.revokedAt,
    };
    return { ...summary, lastUsedAt: await this.#touch(summary) };
  }

  /**
   * Makes sure someone can reach /admin. With ADMIN_TOKEN: the 'bootstrap' admin token carries its
   * hash (inserted, rehashed after a change, un-revoked); the token is never echoed. Without it:
   * when no live admin-role token exists, a 'bootstrap' token is generated and returned once for
   * the caller to print; otherwise nothing happens.
   */
  async ensureBootstrap(environmentToken: string | undefined): Promise<BootstrapResult> {
    // An empty value counts as unset, as compose files pass `ADMIN_TOKEN=`.
    if (environmentToken !== undefined && environmentToken !== '') {
      if (!isWellFormedAdminToken(environmentToken)) {
        throw new AccessError(
          'invalid',
          `ADMIN_TOKEN must be 'sb_admin_' followed by 43 letters and digits; generate one with: ${generateCommand}`,
        );
      }
      const hash = hashToken(environmentToken);
      const [existing] = await this.#db
        .select({ tokenHash: adminTokens.tokenHash, role: adminTokens.role, revokedAt: adminTokens.revokedAt })
        .from(adminTokens)
        .where(eq(adminTokens.name, bootstrapTokenName))
        .limit(1);
      // A revoked secret stays revoked: an admin revoked it, and restarting with the same
      // ADMIN_TOKEN must not undo that. A new ADMIN_TOKEN value is the way back (a rotation).
      if (existing?.revokedAt != null && hashesMatch(existing.tokenHash, hash)) {
        return { created: false, action: 'refused_revoked' };
      }
      if (existing !== undefined && hashesMatch(existing.tokenHash, hash) && existing.role === 'admin') {
        return { created: false, action: 'unchanged' };
      }
      const written = await this.#writeBootstrap(
        environmentToken,
        // Another instance starting at the same moment may have written it already.
        or(ne(adminTokens.tokenHash, hash), ne(adminTokens.role, 'admin'))!,
      );
      if (!written) return { created: false, action: 'unchanged' };
      return {
        created: false,
        action: existing === undefined ? 'created' : hashesMatch(existing.tokenHash, hash) ? 'restored' : 'rotated',
      };
    }

    const [liveAdmin] = await this.#db
      .select({ id: adminTokens.id })
      .from(adminTokens)
      .where(and(eq(adminTokens.role, 'admin'), isNull(adminTokens.revokedAt)))
      .limit(1);
    if (liveAdmin !== undefined) return { created: false, action: 'unchanged' };

    const token = generateAdminToken();
    // A revoked (or demoted) 'bootstrap' row is replaced; a live one means another instance
    // starting at the same moment won, and its token is the one that was printed.
    const written = await this.#writeBootstrap(
      token,
      or(ne(adminTokens.role, 'admin'), sql`${adminTokens.revokedAt} is not null`)!,
    );
    return written ? { created: true, token, action: 'minted' } : { created: false, action: 'unchanged' };
  }

  /** Inserts the 'bootstrap' admin token, or rewrites the existing one where `replaceWhen` holds. Returns whether a row was written. */
  async #writeBootstrap(token: string, replaceWhen: SQL): Promise<boolean> {
    const hash = hashToken(token);
    const parts = displayPartsOfAdminToken(token);
    try {
      const written = await this.#db
        .insert(adminTokens)
        .values({ id: newId('adm'), name: bootstrapTokenName, role: 'admin', tokenHash: hash, ...parts, createdBy: null })
        .onConflictDoUpdate({
          target: adminTokens.name,
          set: {
            role: 'admin',
            tokenHash: hash,
            ...parts,
            revokedAt: null,
            // A new secret has not been used yet.
            lastUsedAt: sql`case when ${adminTokens.tokenHash} = ${hash} then ${adminTokens.lastUsedAt} end`,
          },
          setWhere: replaceWhen,
        })
        .returning({ id: adminTokens.id });
      return written.length === 1;
    } catch (error) {
      if (postgresErrorCode(error) === postgresErrorCodes.uniqueViolation) {
        throw new AccessError('conflict', 'ADMIN_TOKEN is already the secret of another admin token; generate a new one');
      }
      throw error;
    }
  }

  /** Records use at most once a minute per token; the condition in the UPDATE keeps replicas from all writing. */
  async #touch(summary: AdminTokenSummary): Promise<Date | null> {
    const now = this.#now();
    const threshold = new Date(now.getTime() - lastUsedResolutionMilliseconds);
    if (summary.lastUsedAt !== null && summary.lastUsedAt > threshold) return summary.lastUsedAt;
    const [updated] = await this.#db
      .update(adminTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(adminTokens.id, summary.id), or(isNull(adminTokens.lastUsedAt), lt(adminTokens.lastUsedAt, threshold))))
      .returning({ lastUsedAt: adminTokens.lastUsedAt });
    return updated?.lastUsedAt ?? summary.lastUsedAt;
  }
}
