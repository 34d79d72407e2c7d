export * from './stream-part';
export * from './wire-format';
