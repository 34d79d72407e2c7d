import type { CatalogModel, ModelCapabilities } from '@switchboard/protocol';
import type { NewPriceVersion, PriceFields } from '@switchboard/usage';

/** The file formats `catalog:import` reads. */
export type CatalogImportFormat = 'price-sheet' | 'openrouter' | 'litellm';

/** One model a file describes, mapped onto the catalog's fields (prices in micro-dollars per 1M tokens). */
export interface ImportedModel {
  providerId: string;
  /** The name the provider expects; matched against the catalog's ids and upstream names. */
  upstream: string;
  kind: CatalogModel['kind'];
  contextWindow?: number;
  maxOutputTokens?: number;
  capabilities: ModelCapabilities;
  prices?: PriceFields & { input: number; output: number };
}

/** A file read and mapped, before anything is compared with what is stored. */
export interface ImportedCatalog {
  format: CatalogImportFormat;
  models: ImportedModel[];
  /** A price sheet's own versions (their effectiveFrom included): prices only, no model fields. */
  versions: NewPriceVersion[];
  /** Entries the file holds that map to nothing here, and why. */
  skipped: { entry: string; reason: string }[];
}

/** A file that is not one of the formats, or an entry that breaks its format's rules: 400. */
export class CatalogImportError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
    readonly code: 'invalid_field' | 'not_found' | 'owned_by_config_file' = 'invalid_field',
  ) {
    super(message);
    this.name = 'CatalogImportError';
  }
}
