// The catalog types live in @switchboard/protocol so the router can read them without knowing
// adapters; re-exported here for the adapters' convenience.
export type {
  AdapterId,
  Catalog,
  CatalogModel,
  CatalogPriceSource,
  CatalogProvider,
  ModelCapabilities,
  ModelPrice,
  ModelRetirement,
  ReasoningControl,
} from '@switchboard/protocol';
