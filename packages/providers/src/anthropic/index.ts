export { anthropicAdapter } from './anthropic-adapter';
export { stripUnsignedThinking } from './strip-unsigned-thinking';
