import { conversationTemplate } from '../conversation-template';
import { buildUsage } from '../wire/build-usage';
import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import { countGeminiInput } from './count-gemini-input';
import type { GeminiAnswer } from './gemini-answer';
import { geminiGenerateResponse } from './gemini-generate-response';
import { geminiStreamFrames } from './gemini-stream-frames';
import { latestGeminiToolResult } from './latest-gemini-tool-result';

function includesThoughts(body: Record<string, unknown>): boolean {
  const config = body.generationConfig;
  if (!isRecord(config)) return false;
  const thinking = config.thinkingConfig;
  return isRecord(thinking) && thinking.includeThoughts === true;
}

/** `:generateContent`, and with `stream` `:streamGenerateContent` (SSE with `?alt=sse`). */
export function geminiGenerateEndpoint(stream: boolean): Endpoint {
  return {
    countsTowardFaults: true,

    wantsStream() {
      return stream;
    },

    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'Invalid JSON payload received. The request body must be a JSON object.';
      if (!Array.isArray(body.contents) || body.contents.length === 0)
        return '* GenerateContentRequest.contents: contents is not specified';
      return undefined;
    },

    answer(call) {
      const { exchange, provider } = call;
      const body = call.body as Record<string, unknown>;
      const behaviour = provider.behaviour;
      const contents = body.contents as unknown[];
      const template = conversationTemplate(provider, () => latestGeminiToolResult(contents));
      const answer: GeminiAnswer = {
        responseId: `sim${exchange.record.sequence}`,
        model: call.pathModel ?? 'unknown',
        template,
        usage: buildUsage(behaviour, template, countGeminiInput(body.systemInstruction, contents)),
        includeThoughts: includesThoughts(body),
      };
      if (stream) {
        const sse = call.query.alt === 'sse';
        const contentType = sse ? 'text/event-stream' : 'application/json; charset=UTF-8';
        exchange.stream(contentType, call.headers, geminiStreamFrames(answer, sse), answer.usage, behaviour);
        return;
      }
      exchange.after(behaviour.latencyMs, () =>
        exchange.sendJson(200, geminiGenerateResponse(answer), call.headers, answer.usage),
      );
    },
  };
}
