import type { NeutralFinishReason } from '@switchboard/protocol';
import type { GeminiFinishReason } from './gemini-api';

// Every reason Gemini gives for withholding or cutting content on policy grounds.
const CONTENT_FILTER_REASONS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/**
 * Gemini's finishReason in the exchange core's vocabulary. Gemini says STOP after a function
 * call, so the caller tells whether the candidate called a function to report `tool-calls`.
 */
export function mapGeminiFinishReason(reason: GeminiFinishReason | undefined, hasFunctionCalls: boolean): NeutralFinishReason {
  if (reason === 'MAX_TOKENS') return 'length';
  if (reason !== undefined && CONTENT_FILTER_REASONS.has(reason)) return 'content-filter';
  if (hasFunctionCalls) return 'tool-calls';
  // OTHER, LANGUAGE, MALFORMED_FUNCTION_CALL and reasons added later name no reason we share.
  return reason === undefined || reason === 'STOP' ? 'stop' : 'other';
}
