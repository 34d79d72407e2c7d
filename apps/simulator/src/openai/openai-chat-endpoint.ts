import { conversationTemplate } from '../conversation-template';
import { buildUsage } from '../wire/build-usage';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import { countOpenAIInput } from './count-openai-input';
import { latestOpenAIToolResult } from './latest-openai-tool-result';
import type { OpenAIAnswer } from './openai-answer';
import { openAIChatCompletion } from './openai-chat-completion';
import { openAIChatStreamFrames } from './openai-chat-stream-frames';

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

/** `POST /chat/completions`, for OpenAI-compatible providers and (with `azure`) Azure deployments. */
export function openAIChatEndpoint(azure: boolean): Endpoint {
  return {
    countsTowardFaults: true,

    wantsStream(call) {
      return isRecord(call.body) && call.body.stream === true;
    },

    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'The request body must be a JSON object.';
      if (!azure && typeof body.model !== 'string') return 'you must provide a model parameter';
      if (!Array.isArray(body.messages)) return "Missing required parameter: 'messages'.";
      if (body.messages.length === 0) return "[] is too short - 'messages'";
      if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
        return "The 'stream_options' parameter is only allowed when 'stream' is enabled.";
      }
      return undefined;
    },

    answer(call) {
      const { exchange, provider } = call;
      const body = call.body as Record<string, unknown>;
      const behaviour = provider.behaviour;
      const sequence = exchange.record.sequence;
      const messages = body.messages as unknown[];
      const template = conversationTemplate(provider, () => latestOpenAIToolResult(messages));
      const model = typeof body.model === 'string' ? body.model : (call.pathModel ?? 'unknown');
      const answer: OpenAIAnswer = {
        id: `chatcmpl-sim${sequence}`,
        created: Math.floor(exchange.record.receivedAt / 1000),
        model,
        toolCallId: `call_sim${sequence}`,
        template,
        usage: buildUsage(behaviour, template, countOpenAIInput(messages), () =>
          provider.promptCache.read(call.presentedKey, messages, (count) => countOpenAIInput(messages.slice(0, count))),
        ),
        azure,
        deepSeek: model.startsWith('deepseek'),
        usageOverride: behaviour.usageOverride,
      };
      if (body.stream === true) {
        const options = body.stream_options;
        const includeUsage = isRecord(options) && options.include_usage === true;
        exchange.stream(SSE_CONTENT_TYPE, call.headers, openAIChatStreamFrames(answer, includeUsage), answer.usage, behaviour);
        return;
      }
      exchange.after(behaviour.latencyMs, () => exchange.sendJson(200, openAIChatCompletion(answer), call.headers, answer.usage));
    },
  };
}
