import { isRecord } from '../wire/is-record';
import type { Endpoint } from '../wire/wire-dialect';
import { countGeminiInput } from './count-gemini-input';

/**
 * `:countTokens` (https://ai.google.dev/api/tokens): either bare `contents` or a whole
 * `generateContentRequest` (with its `model`, system instruction and tools), never both. Answers
 * `totalTokens` and its split by modality, counted by the same rule as generateContent's usage
 * (or the behaviour's `inputTokens`).
 */
export const geminiCountTokensEndpoint: Endpoint = {
  countsTowardFaults: true,

  wantsStream() {
    return false;
  },

  problem(call) {
    const body = call.body;
    if (!isRecord(body)) return 'Invalid JSON payload received. The request body must be a JSON object.';
    const request = body.generateContentRequest;
    if (request !== undefined && body.contents !== undefined)
      return 'contents and generate_content_request are mutually exclusive. You can only specify one of them.';
    if (request === undefined) {
      if (!Array.isArray(body.contents)) return '* CountTokensRequest.contents: contents is not specified';
      return undefined;
    }
    if (!isRecord(request)) return "Invalid value at 'generate_content_request': expected an object.";
    if (typeof request.model !== 'string' || request.model.length === 0)
      return '* CountTokensRequest.generate_content_request.model: model is not specified';
    if (!Array.isArray(request.contents) || request.contents.length === 0)
      return '* CountTokensRequest.generate_content_request.contents: contents is not specified';
    return undefined;
  },

  answer(call) {
    const { exchange, provider } = call;
    const body = call.body as Record<string, unknown>;
    const request = isRecord(body.generateContentRequest) ? body.generateContentRequest : body;
    const behaviour = provider.behaviour;
    const totalTokens = behaviour.inputTokens ?? countGeminiInput(request.systemInstruction, request.contents as unknown[]);
    const response = { totalTokens, promptTokensDetails: [{ modality: 'TEXT', tokenCount: totalTokens }] };
    exchange.after(behaviour.latencyMs, () => exchange.sendJson(200, JSON.stringify(response), call.headers, null));
  },
};
