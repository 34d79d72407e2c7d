import { isDeepStrictEqual } from 'node:util';
import { auditLog, type Database, postgresErrorCode, postgresErrorCodes, providerModels, providers } from '@switchboard/db';
import { type CatalogProvider, newId } from '@switchboard/protocol';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import { recordChange } from '../changes/record-change';
import { applyOwnedFields } from './apply-owned-fields';
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

  /** Each provider's file-owned fields (DESIGN.md contract 5), by provider id. */
  async fileOwnedFields(): Promise<Map<string, string[]>> {
    const rows = await this.db.select({ id: providers.id, fields: providers.fileOwnedFields }).from(providers);
    return new Map(rows.map((row) => [row.id, row.fields]));
  }

  /**
   * Seeds at start (DESIGN.md contract 5): a provider missing from the database is inserted as
   * the merged catalog has it; for one already there, only the fields the config file names
   * (`owned`, per provider) are written, and every other field keeps the database's value, so an
   * admin's `enabled: false` or header survives a restart. The provenance is stored per field;
   * a field the file stops naming becomes the database's with its last value. A start that
   * changes a file-owned field writes one audit row per provider (actor `config-file`, fields
   * old -> new, header values masked) and a 'catalog' change in the same transaction, so the
   * instances already running reload instead of serving the old value.
   */
  async seed(
    catalog: CatalogProvider[],
    owned: ReadonlyMap<string, readonly string[]>,
    source = 'config file',
  ): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    await this.db.transaction(async (transaction) => {
      const handle = transaction as unknown as Database;
      // Instances starting together apply the file one after the other, so none audits twice.
      await handle.execute(sql`select pg_advisory_xact_lock(hashtext('switchboard:catalog-seed'))`);
      const ids = catalog.map((provider) => provider.id);
      const rows = new Map(
        (await transaction.select().from(providers).where(inArray(providers.id, ids))).map((row) => [row.id, row]),
      );
      const store = new ProviderStore(handle);
      let changed = false;
      for (const provider of catalog) {
        const fields = [...(owned.get(provider.id) ?? [])].sort();
        const row = rows.get(provider.id);
        if (!row) {
          await transaction.insert(providers).values({ ...providerToRow(provider), fileOwnedFields: fields });
          await this.replaceModels(transaction, provider);
          inserted++;
          changed = true;
          continue;
        }
        const current = await store.get(provider.id);
        const { next, diff, modelsChanged } = applyOwnedFields(current, provider, fields);
        const provenanceChanged = !isDeepStrictEqual(row.fileOwnedFields, fields);
        if (Object.keys(diff).length === 0 && !provenanceChanged) continue;
        if (Object.keys(diff).length > 0) {
          await store.replace(next, modelsChanged);
          await transaction.insert(auditLog).values({
            actor: 'config-file',
            action: 'provider.update',
            targetType: 'provider',
            targetId: provider.id,
            requestId: newId('req'),
            details: { source, fields: diff },
          });
        }
        if (provenanceChanged) {
          await transaction.update(providers).set({ fileOwnedFields: fields }).where(eq(providers.id, provider.id));
        }
        updated++;
        changed = true;
      }
      if (changed) await recordChange(handle, 'catalog');
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
