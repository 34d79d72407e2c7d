export * from './create-test-database';
export * from './redis-url';
export * from './unique-redis-prefix';
