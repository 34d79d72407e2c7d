export * from './chat-error-frame';
export * from './chat-stream-writer';
export * from './to-openai-finish-reason';
