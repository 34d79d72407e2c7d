import type { ChatCompletionRequest } from '../openai-chat-types';
import type { WireFormat } from './wire-format';

/** Extended thinking, as a surface that has it asked (Messages `thinking`, `output_config.effort`). */
export interface NeutralReasoning {
  enabled: boolean;
  /** Anthropic's `budget_tokens`, when the client set one. */
  budgetTokens?: number;
  /** Effort on OpenAI's scale, derived from the budget or `output_config.effort` when not given. */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
}

/**
 * What every surface decodes its request into, and every adapter encodes from.
 *
 * The neutral form of the conversation is the Chat Completions request: every adapter already
 * encodes it, routing and admission already read it, and its content parts, tool calls and tool
 * messages cover what the other surfaces send. What it cannot say sits beside it, and the
 * client's own body is kept whole for an upstream that speaks the client's format.
 */
export interface NeutralRequest {
  /** The surface the request arrived on. */
  surface: 'chat' | 'messages' | 'responses';
  chat: ChatCompletionRequest;
  reasoning?: NeutralReasoning;
  /** The inbound body and forwarded headers, for native passthrough. */
  native?: { format: WireFormat; body: Record<string, unknown>; headers: Record<string, string> };
  /**
   * Fields the decoder could not carry into the neutral form (`context_management`, a document
   * type a translated provider cannot read), shown in the debug explanation. A native upstream
   * still receives them.
   */
  droppedFields: string[];
}
