import { conversationTemplate } from '../conversation-template';
import { buildUsage } from '../wire/build-usage';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import { countOpenAIResponsesInput } from './count-openai-responses-input';
import { latestResponsesToolResult } from './latest-responses-tool-result';
import type { OpenAIResponsesAnswer } from './openai-responses-answer';
import { openAIResponseBody } from './openai-responses-output';
import { openAIResponsesStreamFrames } from './openai-responses-stream-frames';

const SSE_CONTENT_TYPE = 'text/event-stream; charset=utf-8';

function declaresCustomTool(tools: unknown, name: string): boolean {
  return Array.isArray(tools) && tools.some((tool) => isRecord(tool) && tool.type === 'custom' && tool.name === name);
}

/**
 * `POST /v1/responses` (OpenAI's Responses API), whole or streamed by `stream: true`. Azure serves
 * the same, with the deployment as the body's `model`, as its v1 API takes it.
 */
export const openAIResponsesEndpoint: Endpoint = {
  countsTowardFaults: true,

  wantsStream(call) {
    return isRecord(call.body) && call.body.stream === true;
  },

  problem(call) {
    const body = call.body;
    if (!isRecord(body)) return 'The request body must be a JSON object.';
    if (typeof body.model !== 'string') return "Missing required parameter: 'model'.";
    if (body.input !== undefined && typeof body.input !== 'string' && !Array.isArray(body.input)) {
      return "Invalid type for 'input': expected one of a string or an array of input items.";
    }
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
    const template = conversationTemplate(provider, () => latestResponsesToolResult(body.input));
    const include = Array.isArray(body.include) ? body.include : [];
    const answer: OpenAIResponsesAnswer = {
      id: `resp_sim${sequence}`,
      sequence,
      createdAt: Math.floor(exchange.record.receivedAt / 1000),
      model: body.model as string,
      template,
      usage: buildUsage(behaviour, template, countOpenAIResponsesInput(body.instructions, body.input)),
      customTool: template.toolCall !== undefined && declaresCustomTool(body.tools, template.toolCall.name),
      encryptedReasoning: include.includes('reasoning.encrypted_content'),
      request: body,
      usageOverride: behaviour.usageOverride,
    };
    if (body.stream === true) {
      exchange.stream(SSE_CONTENT_TYPE, call.headers, openAIResponsesStreamFrames(answer), answer.usage, behaviour);
      return;
    }
    exchange.after(behaviour.latencyMs, () => exchange.sendJson(200, openAIResponseBody(answer), call.headers, answer.usage));
  },
};
