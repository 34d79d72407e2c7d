import { emptyUsage, type NeutralReasoning, partsFromChatCompletion } from '@switchboard/protocol';
import { joinUrl } from '../join-url';
import type { AdapterTarget, ProviderAdapter } from '../provider-adapter';
import { buildOpenAIChatBody } from './build-openai-chat-body';
import { convertOpenAIUsage } from './convert-openai-usage';
import { convertReasoningControl } from './convert-reasoning-control';
import { openAIErrorDetails } from './openai-error-details';
import { OpenAIStreamDecoder } from './openai-stream-decoder';
import { OpenAIStreamTranslator } from './openai-stream-translator';
import { parseOpenAICompletion, parseOpenAIEmbeddings } from './parse-openai-response';
import { profileFor } from './profiles/openai-compatible-profiles';

function headersFor(target: AdapterTarget): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...target.provider.headers };
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  return headers;
}

/** The surface's reasoning control over the target's own fields (a retired name's mode). */
function extraFields(target: AdapterTarget, reasoning: NeutralReasoning | undefined): Record<string, unknown> | undefined {
  const control = convertReasoningControl(reasoning, target);
  if (target.bodyFields === undefined) return control;
  return control === undefined ? target.bodyFields : { ...target.bodyFields, ...control };
}

/**
 * DeepSeek, OpenAI, Mistral, Groq, Together, Fireworks, xAI, OpenRouter, Cerebras, DeepInfra,
 * Perplexity, Moonshot, DashScope, Z.ai, SiliconFlow, Nebius, Cohere and the local servers all
 * speak this format, so requests and responses pass through nearly untouched; each provider's
 * departures from it are its profile (profiles/openai-compatible-profiles.ts).
 */
export const openAICompatibleAdapter: ProviderAdapter = {
  id: 'openai-compatible',
  wireFormat: 'openai-chat',

  chatRequest(request, target, stream, neutral) {
    return {
      url: joinUrl(target.provider.baseUrl, '/chat/completions'),
      method: 'POST',
      headers: headersFor(target),
      // Requests that arrived as Chat Completions carry no neutral reasoning and pass through as sent.
      body: buildOpenAIChatBody(
        request,
        target.upstreamModel,
        stream,
        extraFields(target, neutral?.reasoning),
        profileFor(target.provider.id),
      ),
    };
  },

  chatResponse(body) {
    const completion = parseOpenAICompletion(body);
    return { completion, usage: convertOpenAIUsage(completion.usage) ?? emptyUsage(), passthroughBody: body };
  },

  chatStream(context) {
    return new OpenAIStreamTranslator(context);
  },

  streamParts(target) {
    return new OpenAIStreamDecoder(target === undefined ? undefined : profileFor(target.provider.id).reasoningFields);
  },

  answerParts(body) {
    const completion = parseOpenAICompletion(body);
    const usage = convertOpenAIUsage(completion.usage) ?? emptyUsage();
    return { parts: partsFromChatCompletion(completion, usage), usage };
  },

  embeddingsRequest(request, target) {
    return {
      url: joinUrl(target.provider.baseUrl, '/embeddings'),
      method: 'POST',
      headers: headersFor(target),
      body: JSON.stringify({ ...request, model: target.upstreamModel, provider: undefined, models: undefined }),
    };
  },

  embeddingsResponse(body) {
    const response = parseOpenAIEmbeddings(body);
    return { response, usage: { ...emptyUsage(), inputTokens: response.usage?.prompt_tokens ?? 0 } };
  },

  errorDetails: openAIErrorDetails,
};
