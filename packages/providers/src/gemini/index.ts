export { estimateEmbeddingsTokens } from './convert-gemini-embeddings-response';
export { geminiAdapter } from './gemini-adapter';
