import type { FinishReason } from '@switchboard/protocol';
import type { GeminiFinishReason } from './gemini-api';

// Every reason Gemini gives for withholding or cutting content on policy grounds.
const CONTENT_FILTER_REASONS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/**
 * Gemini's finishReason as an OpenAI finish_reason. Gemini says STOP after a function call, so
 * the caller tells whether the candidate called a function to report `tool_calls` instead.
 */
export function mapGeminiFinishReason(reason: GeminiFinishReason | undefined, hasFunctionCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && CONTENT_FILTER_REASONS.has(reason)) return 'content_filter';
  // STOP, OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL and reasons added later.
  return hasFunctionCalls ? 'tool_calls' : 'stop';
}
