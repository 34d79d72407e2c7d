import { type Database, postgresErrorCode, postgresErrorCodes, providerModels, providers } from '@switchboard/db';
import type { CatalogProvider } from '@switchboard/protocol';
import { asc, eq, inArray } from 'drizzle-orm';
import { modelToRow, providerFromRows, providerToRow } from './catalog-rows';
import { CatalogStoreError } from './catalog-store-error';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Providers and their models in Postgres: the catalog every gateway instance serves from. */
export class ProviderStore {
  constructor(private readonly db: Database) {}

  async list(): Promise<CatalogProvider[]> {
    const [rows, models] = await Promise.all([
      this.db.select().from(providers).orderBy(asc(providers.id)),
      this.db.select().from(providerModels).orderBy(asc(providerModels.providerId), asc(providerModels.modelId)),
    ]);
    const byProvider = new Map<string, typeof models>();
    for (const model of models) {
      const list = byProvider.get(model.providerId) ?? [];
      list.push(model);
      byProvider.set(model.providerId, list);
    }
    return rows.map((row) => providerFromRows(row, byProvider.get(row.id) ?? []));
  }

  async get(id: string): Promise<CatalogProvider> {
    const [row] = await this.db.select().from(providers).where(eq(providers.id, id));
    if (!row) throw new CatalogStoreError('not_found', `No provider '${id}'.`);
    const models = await this.db
      .select()
      .from(providerModels)
      .where(eq(providerModels.providerId, id))
      .orderBy(asc(providerModels.modelId));
    return providerFromRows(row, models);
  }

  /** Inserts a provider with its models in one transaction; an existing id is a conflict. */
  async create(provider: CatalogProvider): Promise<CatalogProvider> {
    try {
      await this.db.transaction(async (transaction) => {
        await transaction.insert(providers).values(providerToRow(provider));
        await this.replaceModels(transaction, provider);
      });
    } catch (error) {
      if (postgresErrorCode(error) === postgresErrorCodes.uniqueViolation) {
        throw new CatalogStoreError('conflict', `A provider named '${provider.id}' already exists.`);
      }
      throw error;
    }
    return this.get(provider.id);
  }

  /** Writes the whole provider (its models replaced when given) in one transaction. */
  async replace(provider: CatalogProvider, replaceModels: boolean): Promise<CatalogProvider> {
    await this.db.transaction(async (transaction) => {
      const { id, ...fields } = providerToRow(provider);
      const updated = await transaction.update(providers).set(fields).where(eq(providers.id, id)).returning({ id: providers.id });
      if (updated.length === 0) throw new CatalogStoreError('not_found', `No provider '${id}'.`);
      if (replaceModels) await this.replaceModels(transaction, provider);
    });
    return this.get(provider.id);
  }

  async delete(id: string): Promise<void> {
    const deleted = await this.db.delete(providers).where(eq(providers.id, id)).returning({ id: providers.id });
    if (deleted.length === 0) throw new CatalogStoreError('not_found', `No provider '${id}'.`);
  }

  /**
   * Seeds at start, idempotently: the built-in catalog only fills in providers that are missing
   * (an admin's edits win), while providers named in the operator's config file are written as
   * the file says (the file is declarative for what it names).
   */
  async seed(builtIn: CatalogProvider[], configured: CatalogProvider[]): Promise<{ inserted: number; updated: number }> {
    const configuredIds = new Set(configured.map((provider) => provider.id));
    let inserted = 0;
    let updated = 0;
    await this.db.transaction(async (transaction) => {
      const ids = [...builtIn, ...configured].map((provider) => provider.id);
      const existing = new Set(
        (await transaction.select({ id: providers.id }).from(providers).where(inArray(providers.id, ids))).map((row) => row.id),
      );
      for (const provider of builtIn) {
        if (existing.has(provider.id) || configuredIds.has(provider.id)) continue;
        await transaction.insert(providers).values(providerToRow(provider));
        await this.replaceModels(transaction, provider);
        inserted++;
      }
      for (const provider of configured) {
        const row = providerToRow(provider);
        if (existing.has(provider.id)) {
          const { id, ...fields } = row;
          await transaction.update(providers).set(fields).where(eq(providers.id, id));
          updated++;
        } else {
          await transaction.insert(providers).values(row);
          inserted++;
        }
        await this.replaceModels(transaction, provider);
      }
    });
    return { inserted, updated };
  }

  private async replaceModels(transaction: Transaction, provider: CatalogProvider): Promise<void> {
    // A repeated id would fail the primary key, which create() would misreport as a duplicate provider.
    const ids = new Set<string>();
    for (const model of provider.models) {
      if (ids.has(model.id)) throw new CatalogStoreError('invalid', `models: the model id '${model.id}' is listed twice.`);
      ids.add(model.id);
    }
    await transaction.delete(providerModels).where(eq(providerModels.providerId, provider.id));
    if (provider.models.length > 0) {
      await transaction.insert(providerModels).values(provider.models.map((model) => modelToRow(provider.id, model)));
    }
  }
}
