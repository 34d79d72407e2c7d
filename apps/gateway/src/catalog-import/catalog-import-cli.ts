import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createDatabase } from '@switchboard/db';
import { gatewaySettingsFromEnvironment } from '../settings/gateway-settings';
import { loadCatalogWithSources } from '../settings/load-catalog';
import { type CatalogImportReport, importCatalog } from './import-catalog';
import { CatalogImportError, type CatalogImportFormat } from './imported-catalog';
import { readCatalogFile } from './read-catalog-file';

const usage =
  'usage: npm run catalog:import -- FILE [--dry-run] [--effective-from 2026-12-03T00:00:00Z] [--provider ID] [--format price-sheet|openrouter|litellm]';

/**
 * `npm run catalog:import FILE`: the admin API's POST /admin/catalog/import from the command
 * line, for a file kept beside the deployment (no network). Writes to the database the gateway
 * uses (DATABASE_URL, else the PGlite data under DATA_DIR) through the same importCatalog, honours
 * the config file's ownership (SWITCHBOARD_CONFIG), and tells running instances to reload over
 * Redis when REDIS_URL is set (otherwise they see it at their next start). Prints the diff as JSON.
 */
export async function runCatalogImport(
  argv: readonly string[],
  environment: NodeJS.ProcessEnv = process.env,
  print: (line: string) => void = console.log,
): Promise<CatalogImportReport> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean', default: false },
      'effective-from': { type: 'string' },
      provider: { type: 'string' },
      format: { type: 'string' },
    },
  });
  if (positionals.length !== 1) throw new CatalogImportError(usage);
  const effectiveFrom = values['effective-from'] === undefined ? undefined : Date.parse(values['effective-from']);
  if (effectiveFrom !== undefined && !Number.isFinite(effectiveFrom)) {
    throw new CatalogImportError(`--effective-from: '${values['effective-from']}' is not an ISO 8601 date-time`);
  }
  const format = values.format as CatalogImportFormat | undefined;
  if (format !== undefined && !['price-sheet', 'openrouter', 'litellm'].includes(format)) throw new CatalogImportError(usage);
  let document: unknown;
  try {
    document = JSON.parse(await readFile(positionals[0]!, 'utf8'));
  } catch (error) {
    throw new CatalogImportError(`cannot read ${positionals[0]} as JSON: ${(error as Error).message}`);
  }
  const imported = readCatalogFile(document, { format, provider: values.provider });
  const settings = gatewaySettingsFromEnvironment(environment);
  const { configuredProviderIds, fileOwnedPrices } = loadCatalogWithSources(settings.configPath, environment);
  const database = await createDatabase(
    settings.databaseUrl
      ? { url: settings.databaseUrl, maxConnections: 2 }
      : { dataDirectory: join(settings.dataDirectory, 'pglite') },
  );
  try {
    await database.migrate();
    const report = await importCatalog(database.db, imported, {
      dryRun: values['dry-run'] === true,
      effectiveFrom,
      actor: 'cli',
      fileOwnedPrices,
      fileOwnedProviders: configuredProviderIds,
      configPath: settings.configPath,
    });
    // Running gateways reload from the change-feed rows the import committed (NOTIFY, or their poll).
    print(JSON.stringify(report, null, 2));
    return report;
  } finally {
    await database.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCatalogImport(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof CatalogImportError ? error.message : error);
    process.exitCode = 1;
  });
}
