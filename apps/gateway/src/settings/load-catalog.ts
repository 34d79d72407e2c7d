import { readFileSync } from 'node:fs';
import { builtInCatalog, type Catalog, CatalogConfigError, catalogConfigSchema, mergeCatalog } from '@switchboard/providers';
import { parse as parseYaml } from 'yaml';

/**
 * The built-in catalog with the user's config file applied. A broken file stops the start with
 * a message naming the file and the field, rather than serving with half a catalog.
 */
export function loadCatalog(configPath: string | undefined, env: NodeJS.ProcessEnv = process.env): Catalog {
  return loadCatalogWithSources(configPath, env).catalog;
}

// The stored fields a config entry can own (apiKeyEnv is read at start, never stored).
const providerFields = new Set([
  'name',
  'adapter',
  'baseUrl',
  'anthropicBaseUrl',
  'reasoningControl',
  'responsesApi',
  'apiVersion',
  'region',
  'project',
  'location',
  'headers',
  'keyOptional',
  'enabled',
]);
const modelFields = new Set([
  'upstream',
  'kind',
  'price',
  'contextWindow',
  'maxOutputTokens',
  'defaultOutputTokens',
  'capabilities',
]);

/** The fields a provider's config entry names, which it owns: `field` or `models/<model id>/<field>`. */
export function fileOwnedFieldsOf(provider: object & { models?: (object & { id: string })[] }): string[] {
  const fields: string[] = [];
  for (const [field, value] of Object.entries(provider)) {
    if (providerFields.has(field) && value !== undefined) fields.push(field);
  }
  for (const model of provider.models ?? []) {
    for (const [field, value] of Object.entries(model)) {
      if (modelFields.has(field) && value !== undefined) fields.push(`models/${model.id}/${field}`);
    }
  }
  return fields.sort();
}

/**
 * The merged catalog, which provider ids the operator configured (file or environment), which
 * alias names the file sets (the file owns them; the admin API cannot change them), and which
 * models' prices the file names (`provider/model`: owned by the file, versioned when they change),
 * and per provider the fields the file (or AZURE_OPENAI_ENDPOINT) names, which it owns.
 */
export function loadCatalogWithSources(
  configPath: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): {
  catalog: Catalog;
  configuredProviderIds: Set<string>;
  configuredAliasNames: Set<string>;
  fileOwnedPrices: Set<string>;
  fileOwnedFields: Map<string, string[]>;
} {
  let catalog = structuredClone(builtInCatalog);
  const configuredProviderIds = new Set<string>();
  const configuredAliasNames = new Set<string>();
  const fileOwnedPrices = new Set<string>();
  const fileOwnedFields = new Map<string, string[]>();
  // Azure endpoints are per customer; the environment may name it without a config file.
  const azureEndpoint = env.AZURE_OPENAI_ENDPOINT;
  if (azureEndpoint) {
    catalog = mergeCatalog(catalog, { providers: [{ id: 'azure', baseUrl: azureEndpoint }] });
    configuredProviderIds.add('azure');
    fileOwnedFields.set('azure', ['baseUrl']);
  }
  if (!configPath) return { catalog, configuredProviderIds, configuredAliasNames, fileOwnedPrices, fileOwnedFields };
  let text: string;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch (error) {
    throw new CatalogConfigError(`cannot read SWITCHBOARD_CONFIG '${configPath}': ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(configPath) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new CatalogConfigError(
      `'${configPath}' is not valid ${/\.ya?ml$/i.test(configPath) ? 'YAML' : 'JSON'}: ${(error as Error).message}`,
    );
  }
  const parsed = catalogConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new CatalogConfigError(`'${configPath}' is not a valid Switchboard config:\n  ${issues.join('\n  ')}`);
  }
  for (const provider of parsed.data.providers ?? []) {
    configuredProviderIds.add(provider.id);
    const owned = new Set([...(fileOwnedFields.get(provider.id) ?? []), ...fileOwnedFieldsOf(provider)]);
    fileOwnedFields.set(provider.id, [...owned].sort());
    for (const model of provider.models ?? []) if (model.price) fileOwnedPrices.add(`${provider.id}/${model.id}`);
  }
  for (const name of Object.keys(parsed.data.aliases ?? {})) configuredAliasNames.add(name);
  try {
    return {
      catalog: mergeCatalog(catalog, parsed.data),
      configuredProviderIds,
      configuredAliasNames,
      fileOwnedPrices,
      fileOwnedFields,
    };
  } catch (error) {
    throw new CatalogConfigError(`'${configPath}': ${(error as Error).message}`);
  }
}
