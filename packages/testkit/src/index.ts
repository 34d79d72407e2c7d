export * from './create-test-database';
export * from './free-port';
export * from './redis-url';
export * from './start-redis-server';
export * from './unique-redis-prefix';
