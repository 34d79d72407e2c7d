export * from './create-database';
export * from './database';
export * from './micros-to-usd';
export * from './postgres-error-code';
export * from './purge-expired-stored-responses';
export * from './query-rows';
export * from './schema';
export * from './usd-to-micros';
