export * from './start-usage-worker';
export * from './worker-settings';
