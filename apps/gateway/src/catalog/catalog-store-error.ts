export type CatalogStoreErrorCode = 'not_found' | 'conflict';

export class CatalogStoreError extends Error {
  constructor(
    readonly code: CatalogStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogStoreError';
  }
}
