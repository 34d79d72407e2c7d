export * from './catalog-index';
export * from './resolve-candidates';
