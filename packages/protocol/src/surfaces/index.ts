export * from './chat';
export * from './gateway-error-table';
export * from './messages';
export * from './responses';
