export * from './access-error';
export * from './admin-roles';
export * from './admin-token-format';
export * from './admin-token-store';
export * from './admin-token-summary';
export * from './assert-admin-token-name';
export * from './hashes-match';
