import { PRICE_SHEET_FORMAT, PriceSheetError, parsePriceSheet } from '@switchboard/usage';
import { CatalogImportError, type CatalogImportFormat, type ImportedCatalog } from './imported-catalog';
import { readLitellmPrices } from './read-litellm-prices';
import { readOpenRouterModels } from './read-openrouter-models';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which format a parsed file is, by its shape: a sheet names its format; OpenRouter wraps `data`; LiteLLM is a map of priced entries. */
export function detectCatalogFormat(document: unknown): CatalogImportFormat {
  if (isObject(document)) {
    if (document.format === PRICE_SHEET_FORMAT) return 'price-sheet';
    if (Array.isArray(document.data)) return 'openrouter';
    const entries = Object.values(document);
    if (entries.length > 0 && entries.some((entry) => isObject(entry) && 'litellm_provider' in entry)) return 'litellm';
  }
  throw new CatalogImportError(
    `The file is none of the formats catalog import reads: a price sheet ({"format": "${PRICE_SHEET_FORMAT}", ...}), OpenRouter's /models answer ({"data": [...]}) or LiteLLM's model_prices_and_context_window.json (entries with litellm_provider).`,
  );
}

/**
 * A parsed catalog file, mapped onto catalog models and price versions. `provider` names the
 * catalog provider an OpenRouter or LiteLLM file's models belong to (OpenRouter's default is
 * `openrouter`; LiteLLM's is read per entry from `litellm_provider`).
 */
export function readCatalogFile(
  document: unknown,
  options: { format?: CatalogImportFormat; provider?: string } = {},
): ImportedCatalog {
  const format = options.format ?? detectCatalogFormat(document);
  if (format === 'price-sheet') {
    try {
      return { format, models: [], versions: parsePriceSheet(document), skipped: [] };
    } catch (error) {
      if (error instanceof PriceSheetError) throw new CatalogImportError(error.message);
      throw error;
    }
  }
  if (format === 'openrouter') {
    if (!isObject(document) || !Array.isArray(document.data))
      throw new CatalogImportError('$.data: must be an array (OpenRouter /models)');
    return readOpenRouterModels(document as { data: unknown[] }, options.provider);
  }
  if (!isObject(document)) throw new CatalogImportError('$: LiteLLM prices are an object keyed by model name');
  return readLitellmPrices(document, options.provider);
}
