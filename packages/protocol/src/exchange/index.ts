export * from './from-openai-finish-reason';
export * from './neutral-request';
export * from './parts-from-chat-completion';
export * from './sse-keep-alive-comment';
export * from './stream-part';
export * from './wire-format';
