import { randomBytes } from 'node:crypto';

/** Gemini function calls carry no id, but OpenAI clients match tool results to calls by one. */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('base64url')}`;
}
