export type CatalogStoreErrorCode = 'not_found' | 'conflict' | 'invalid';

export class CatalogStoreError extends Error {
  constructor(
    readonly code: CatalogStoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CatalogStoreError';
  }
}
