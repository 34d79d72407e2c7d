import { apiKeys, type Database, type NewTeamRow, postgresErrorCode, postgresErrorCodes, teams } from '@switchboard/db';
import { newId } from '@switchboard/protocol';
import { asc, eq } from 'drizzle-orm';
import { AccessError } from './access-error';
import { normalizeApiKeyFields } from './normalize-api-key-fields';
import { type TeamSummary, teamSummaryColumns } from './team-summary';

/** The editable settings of a team; in an update, left out is unchanged and `null` clears. */
export interface TeamFields {
  name?: string;
  budgetUsd?: number | null;
  budgetPeriod?: string | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
  concurrencyLimit?: number | null;
  allowedModels?: string[] | null;
  routingPolicy?: string | null;
}

export const teamFieldNames = [
  'name',
  'budgetUsd',
  'budgetPeriod',
  'rpmLimit',
  'tpmLimit',
  'concurrencyLimit',
  'allowedModels',
  'routingPolicy',
] as const satisfies readonly (keyof TeamFields)[];

type TeamColumnValues = Partial<Omit<NewTeamRow, 'id' | 'createdAt' | 'updatedAt'>>;

/**
 * Checks a team input with the same rules as a key's fields of the same name (one validator, so
 * a limit a key accepts a team accepts too), naming the team's field in messages.
 */
export function normalizeTeamFields(input: unknown, mode: 'create' | 'update'): TeamColumnValues {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AccessError('invalid', 'the team settings must be an object');
  }
  const fields = { ...(input as Record<string, unknown>) };
  for (const field of Object.keys(fields)) {
    if (!(teamFieldNames as readonly string[]).includes(field)) {
      throw new AccessError('invalid', `unknown field ${JSON.stringify(field.slice(0, 64))}`);
    }
  }
  const { routingPolicy, ...shared } = fields;
  if (routingPolicy !== undefined) shared.defaultPolicy = routingPolicy;
  let values: ReturnType<typeof normalizeApiKeyFields>;
  try {
    values = normalizeApiKeyFields(shared, mode);
  } catch (error) {
    if (error instanceof AccessError) throw new AccessError(error.code, error.message.replace('defaultPolicy', 'routingPolicy'));
    throw error;
  }
  const { defaultPolicy, ...rest } = values;
  const result: TeamColumnValues = rest as TeamColumnValues;
  if (defaultPolicy !== undefined) result.routingPolicy = defaultPolicy;
  return result;
}

/** Teams in the database. Pass a transaction as `db` to write an audit row with the change. */
export class TeamStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  async create(input: TeamFields): Promise<TeamSummary> {
    const values = normalizeTeamFields(input, 'create');
    const [summary] = await this.#write(input, () =>
      this.#db
        .insert(teams)
        .values({ ...values, name: values.name!, id: newId('team') })
        .returning(teamSummaryColumns),
    );
    return summary!;
  }

  async get(id: string): Promise<TeamSummary> {
    const [summary] = await this.#db.select(teamSummaryColumns).from(teams).where(eq(teams.id, id));
    if (summary === undefined) throw notFound(id);
    return summary;
  }

  list(): Promise<TeamSummary[]> {
    return this.#db.select(teamSummaryColumns).from(teams).orderBy(asc(teams.createdAt), asc(teams.id));
  }

  /** The ids and names of the keys in a team (revoked ones included). */
  members(id: string): Promise<{ id: string; name: string; revokedAt: Date | null }[]> {
    return this.#db
      .select({ id: apiKeys.id, name: apiKeys.name, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(eq(apiKeys.teamId, id))
      .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
  }

  async update(id: string, patch: TeamFields): Promise<TeamSummary> {
    const values = normalizeTeamFields(patch, 'update');
    if (Object.keys(values).length === 0) return this.get(id);
    const [summary] = await this.#write(patch, () =>
      this.#db.update(teams).set(values).where(eq(teams.id, id)).returning(teamSummaryColumns),
    );
    if (summary === undefined) throw notFound(id);
    return summary;
  }

  /** Deletes a team; its keys stay, without a team (their usage keeps the team id it was spent under). */
  async delete(id: string): Promise<TeamSummary> {
    const [summary] = await this.#db.delete(teams).where(eq(teams.id, id)).returning(teamSummaryColumns);
    if (summary === undefined) throw notFound(id);
    return summary;
  }

  async #write(input: TeamFields, write: () => Promise<TeamSummary[]>): Promise<TeamSummary[]> {
    try {
      return await write();
    } catch (error) {
      const code = postgresErrorCode(error);
      if (code === postgresErrorCodes.uniqueViolation)
        throw new AccessError('conflict', `a team named '${input.name}' already exists`);
      if (code === postgresErrorCodes.checkViolation)
        throw new AccessError('invalid', 'budgetUsd and budgetPeriod must be set together');
      throw error;
    }
  }
}

function notFound(id: string): AccessError {
  return new AccessError('not_found', `no team '${id}'`);
}
