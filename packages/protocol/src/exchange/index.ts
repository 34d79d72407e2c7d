export * from './neutral-request';
export * from './stream-part';
export * from './wire-format';
