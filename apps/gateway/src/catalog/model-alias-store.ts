import { type Database, type ModelAliasRow, modelAliases, postgresErrorCode, postgresErrorCodes } from '@switchboard/db';
import { asc, eq } from 'drizzle-orm';
import { CatalogStoreError } from './catalog-store-error';

export interface ModelAlias {
  name: string;
  targets: string[];
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

function fromRow(row: ModelAliasRow): ModelAlias {
  return {
    name: row.name,
    targets: row.targets,
    description: row.description,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The gateway's admin-managed model aliases in Postgres; the live catalog merges them in. */
export class ModelAliasStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<ModelAlias[]> {
    return (await this.db.select().from(modelAliases).orderBy(asc(modelAliases.name))).map(fromRow);
  }

  async get(name: string): Promise<ModelAlias> {
    const [row] = await this.db.select().from(modelAliases).where(eq(modelAliases.name, name));
    if (!row) throw new CatalogStoreError('not_found', `No model alias '${name}'.`);
    return fromRow(row);
  }

  async create(alias: { name: string; targets: string[]; description?: string | null }): Promise<ModelAlias> {
    try {
      const [row] = await this.db
        .insert(modelAliases)
        .values({ name: alias.name, targets: alias.targets, description: alias.description ?? null })
        .returning();
      return fromRow(row!);
    } catch (error) {
      if (postgresErrorCode(error) === postgresErrorCodes.uniqueViolation) {
        throw new CatalogStoreError('conflict', `A model alias named '${alias.name}' already exists.`);
      }
      throw error;
    }
  }

  async update(name: string, fields: { targets?: string[]; description?: string | null }): Promise<ModelAlias> {
    const set = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    if (Object.keys(set).length === 0) return this.get(name);
    const [row] = await this.db.update(modelAliases).set(set).where(eq(modelAliases.name, name)).returning();
    if (!row) throw new CatalogStoreError('not_found', `No model alias '${name}'.`);
    return fromRow(row);
  }

  async delete(name: string): Promise<void> {
    const deleted = await this.db.delete(modelAliases).where(eq(modelAliases.name, name)).returning({ name: modelAliases.name });
    if (deleted.length === 0) throw new CatalogStoreError('not_found', `No model alias '${name}'.`);
  }
}
