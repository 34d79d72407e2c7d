import { parseModelSuffix } from './parse-model-suffix';
import type { MaxPrice, ProviderPreferences, ProviderSort } from './route-request';
import { RoutingPreferenceError } from './routing-preference-error';

/** The routing fields of a request body, validated; everything else in the body is not read. */
export interface RoutingFields {
  /** Without a `:floor` / `:nitro` suffix. */
  model: string;
  models: string[] | undefined;
  preferences: ProviderPreferences | undefined;
}

const SORTS: readonly ProviderSort[] = ['price', 'latency', 'throughput'];
// More fallbacks than this is a mistake, and each costs planning time.
const MAX_FALLBACK_MODELS = 8;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function providerIds(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new RoutingPreferenceError(path, `'${path}' must be an array of provider ids.`);
  return value.map((entry, index) => {
    if (typeof entry !== 'string' || entry.length === 0) {
      throw new RoutingPreferenceError(`${path}[${index}]`, `'${path}[${index}]' must be a non-empty string.`);
    }
    return entry;
  });
}

function booleanField(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new RoutingPreferenceError(path, `'${path}' must be a boolean.`);
  return value;
}

function price(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RoutingPreferenceError(path, `'${path}' must be a non-negative number (USD per million tokens).`);
  }
  return value;
}

function maxPrice(value: unknown): MaxPrice {
  if (!isObject(value)) throw new RoutingPreferenceError('provider.max_price', "'provider.max_price' must be an object.");
  const parsed: MaxPrice = {};
  for (const [field, entry] of Object.entries(value)) {
    const path = `provider.max_price.${field}`;
    if (entry === null || entry === undefined) continue;
    if (field === 'prompt') parsed.prompt = price(entry, path);
    else if (field === 'completion') parsed.completion = price(entry, path);
    else throw new RoutingPreferenceError(path, `Unknown routing preference '${path}'. Supported: prompt, completion.`);
  }
  return parsed;
}

const PROVIDER_FIELDS = 'order, only, ignore, allow_fallbacks, sort, max_price, require_parameters, regions, data_policies';

function tags(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RoutingPreferenceError(path, `'${path}' must be a non-empty array of tags (for example ["eu"] or ["zdr"]).`);
  }
  return value.map((entry, index) => {
    if (typeof entry !== 'string' || entry.length === 0 || entry.length > 32) {
      throw new RoutingPreferenceError(`${path}[${index}]`, `'${path}[${index}]' must be a tag of 1 to 32 characters.`);
    }
    return entry.toLowerCase();
  });
}

function providerPreferences(value: unknown): ProviderPreferences | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw new RoutingPreferenceError('provider', "'provider' must be an object.");
  const preferences: ProviderPreferences = {};
  for (const [field, entry] of Object.entries(value)) {
    const path = `provider.${field}`;
    // null means "not set", as some SDKs serialise absent options.
    if (entry === null || entry === undefined) continue;
    switch (field) {
      case 'order':
      case 'only':
      case 'ignore':
        preferences[field] = providerIds(entry, path);
        break;
      case 'allow_fallbacks':
        preferences.allowFallbacks = booleanField(entry, path);
        break;
      case 'require_parameters':
        preferences.requireParameters = booleanField(entry, path);
        break;
      case 'sort':
        if (!SORTS.includes(entry as ProviderSort)) {
          throw new RoutingPreferenceError(path, `'${path}' must be one of ${SORTS.join(', ')}.`);
        }
        preferences.sort = entry as ProviderSort;
        break;
      case 'max_price':
        preferences.maxPrice = maxPrice(entry);
        break;
      case 'regions':
        preferences.regions = tags(entry, path);
        break;
      // OpenRouter-style snake case, and the camel case of the catalog.
      case 'data_policies':
      case 'dataPolicies':
        preferences.dataPolicies = tags(entry, path);
        break;
      default:
        throw new RoutingPreferenceError(path, `Unknown routing preference '${path}'. Supported: ${PROVIDER_FIELDS}.`);
    }
  }
  return preferences;
}

function fallbackModels(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new RoutingPreferenceError('models', "'models' must be an array of model names.");
  if (value.length > MAX_FALLBACK_MODELS) {
    throw new RoutingPreferenceError('models', `'models' may list at most ${MAX_FALLBACK_MODELS} models.`);
  }
  return value.map((entry, index) => {
    if (typeof entry !== 'string' || entry.length === 0) {
      throw new RoutingPreferenceError(`models[${index}]`, `'models[${index}]' must be a non-empty string.`);
    }
    return entry;
  });
}

/**
 * Validates a request body's `provider` object and `models` list (OpenRouter's shapes) and strips
 * `:floor` / `:nitro` from the model names. Throws RoutingPreferenceError (a 400) naming the
 * field. The request has one sort: suffixes that disagree with each other or with
 * `provider.sort` are refused rather than one silently winning.
 */
export function parseRoutingPreferences(body: { model: string; models?: unknown; provider?: unknown }): RoutingFields {
  // Most requests name one model and no preferences: answer them without the general machinery
  // (arrays, spreads, the sort reconciliation), which ran on every request.
  if ((body.provider === undefined || body.provider === null) && (body.models === undefined || body.models === null)) {
    const only = parseModelSuffix(body.model);
    if (only.model.length === 0) throw new RoutingPreferenceError('model', "'model' must name a model before its suffix.");
    return { model: only.model, models: undefined, preferences: only.sort ? { sort: only.sort } : undefined };
  }
  let preferences = providerPreferences(body.provider);
  const primary = parseModelSuffix(body.model);
  if (primary.model.length === 0) throw new RoutingPreferenceError('model', "'model' must name a model before its suffix.");
  const parsedModels = fallbackModels(body.models)?.map((name, index) => ({
    ...parseModelSuffix(name),
    path: `models[${index}]`,
  }));

  let suffixSort: { sort: ProviderSort; path: string } | undefined;
  for (const { sort, path, model } of [{ ...primary, path: 'model' }, ...(parsedModels ?? [])]) {
    if (model.length === 0) throw new RoutingPreferenceError(path, `'${path}' must name a model before its suffix.`);
    if (!sort) continue;
    const explicit = preferences?.sort;
    if (explicit && explicit !== sort) {
      throw new RoutingPreferenceError(
        path,
        `The suffix of '${path}' asks to sort by ${sort}, but provider.sort is '${explicit}'.`,
      );
    }
    if (suffixSort && suffixSort.sort !== sort) {
      throw new RoutingPreferenceError(
        path,
        `'${path}' asks to sort by ${sort}, but '${suffixSort.path}' by ${suffixSort.sort}.`,
      );
    }
    suffixSort = { sort, path };
  }
  if (suffixSort) preferences = { ...preferences, sort: suffixSort.sort };
  return { model: primary.model, models: parsedModels?.map((entry) => entry.model), preferences };
}
