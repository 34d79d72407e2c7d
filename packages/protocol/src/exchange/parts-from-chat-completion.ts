import type { ChatCompletion } from '../openai-chat-types';
import type { TokenUsage } from '../token-usage';
import { fromOpenAIFinishReason } from './from-openai-finish-reason';
import type { StreamPart } from './stream-part';

/**
 * A whole OpenAI-shaped answer as parts, for the adapters whose whole answer already is (or is
 * converted to) a chat.completion. Only the first choice is an answer the parts can carry.
 */
export function partsFromChatCompletion(completion: ChatCompletion, usage: TokenUsage): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'metadata', id: completion.id, model: completion.model }];
  const choice = completion.choices.find((each) => each.index === 0) ?? completion.choices[0];
  const message = choice?.message;
  // DeepSeek names the chain of thought `reasoning_content`, OpenRouter `reasoning`.
  const reasoning = message?.reasoning_content ?? message?.reasoning;
  if (typeof reasoning === 'string' && reasoning.length > 0) parts.push({ type: 'reasoning-delta', text: reasoning });
  if (typeof message?.content === 'string' && message.content.length > 0) {
    parts.push({ type: 'text-delta', text: message.content });
  }
  // OpenAI puts a refusal beside an empty content and still says `stop`.
  const refusal = message?.refusal;
  const refused = typeof refusal === 'string' && refusal.length > 0;
  if (refused) parts.push({ type: 'text-delta', text: refusal });
  for (const [index, call] of (message?.tool_calls ?? []).entries()) {
    parts.push({ type: 'tool-call-start', index, id: call.id, name: call.function.name });
    if (call.function.arguments.length > 0) {
      parts.push({ type: 'tool-call-delta', index, argumentsDelta: call.function.arguments });
    }
    parts.push({ type: 'tool-call-end', index });
  }
  parts.push({ type: 'usage', usage });
  parts.push({ type: 'finish', reason: refused ? 'refusal' : fromOpenAIFinishReason(choice?.finish_reason) });
  return parts;
}
