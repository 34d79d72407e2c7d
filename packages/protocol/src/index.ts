export * from './catalog-types';
export * from './encode-embedding-base64';
export * from './gateway-error';
export * from './openai-chat-types';
export * from './openai-embeddings-types';
export * from './token-usage';
export * from './validate-chat-request';
export * from './validate-embeddings-request';
