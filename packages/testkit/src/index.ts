export * from './create-test-database';
export * from './free-port';
export * from './install-cli';
export * from './redis-url';
export * from './refusing-proxy';
export * from './run-cli-process';
export * from './start-redis-server';
export * from './unique-redis-prefix';
