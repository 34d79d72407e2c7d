import { conversationTemplate } from '../conversation-template';
import { buildUsage } from '../wire/build-usage';
import { isRecord } from '../wire/is-record';
import type { Endpoint, ProviderCall } from '../wire/wire-dialect';
import type { AnthropicAnswer } from './anthropic-answer';
import { anthropicMessage } from './anthropic-message';
import { anthropicStreamFrames } from './anthropic-stream-frames';
import { countAnthropicInput } from './count-anthropic-input';
import { latestAnthropicToolResult } from './latest-anthropic-tool-result';
import { missingThinkingBlock } from './missing-thinking-block';

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/** What one Messages body is answered with (for Anthropic's API and the clouds that host Claude). */
export function anthropicAnswerFor(call: ProviderCall, body: Record<string, unknown>): AnthropicAnswer {
  const { exchange, provider } = call;
  const sequence = exchange.record.sequence;
  const messages = body.messages as unknown[];
  const template = conversationTemplate(provider, () => latestAnthropicToolResult(messages));
  return {
    id: `msg_sim${sequence}`,
    model: body.model as string,
    toolUseId: `toolu_sim${sequence}`,
    template,
    usage: buildUsage(provider.behaviour, template, countAnthropicInput(body.system, messages), () =>
      // The system prompt leads the cached prefix, as Anthropic orders tools, system, messages.
      provider.promptCache.read(call.presentedKey, [body.system ?? null, ...messages], (count) =>
        countAnthropicInput(body.system, messages.slice(0, count - 1)),
      ),
    ),
  };
}

/** `POST /v1/messages`, whole or streamed. */
export const anthropicMessagesEndpoint: Endpoint = {
  countsTowardFaults: true,

  wantsStream(call) {
    return isRecord(call.body) && call.body.stream === true;
  },

  problem(call) {
    const body = call.body;
    if (!isRecord(body)) return 'The request body must be a JSON object.';
    if (typeof body.model !== 'string') return 'model: Field required';
    if (body.max_tokens === undefined) return 'max_tokens: Field required';
    if (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1)
      return 'max_tokens: Input should be a positive integer';
    if (!Array.isArray(body.messages)) return 'messages: Field required';
    if (body.messages.length === 0) return 'messages: at least one message is required';
    // Anthropic's own API; DeepSeek's Anthropic endpoint (the compatible dialect) has no such rule documented.
    if (call.provider.format === 'anthropic') return missingThinkingBlock(body);
    return undefined;
  },

  answer(call) {
    const { exchange, provider } = call;
    const body = call.body as Record<string, unknown>;
    const behaviour = provider.behaviour;
    const answer = anthropicAnswerFor(call, body);
    if (body.stream === true) {
      exchange.stream(SSE_CONTENT_TYPE, call.headers, anthropicStreamFrames(answer), answer.usage, behaviour);
      return;
    }
    exchange.after(behaviour.latencyMs, () => exchange.sendJson(200, anthropicMessage(answer), call.headers, answer.usage));
  },
};
