export * from './admin-tokens';
export * from './api-keys';
export * from './audit-log';
export * from './provider-keys';
export * from './provider-models';
export * from './providers';
export * from './usage-events';
export * from './usage-rollups';
