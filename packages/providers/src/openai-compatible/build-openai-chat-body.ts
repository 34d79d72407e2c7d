import type { ChatCompletionRequest } from '@switchboard/protocol';
import { defaultProfile, type OpenAICompatibleProfile } from './profiles/openai-compatible-profile';

/**
 * The client's request with only the model swapped for the upstream name. Every other field the
 * client sent (tools, response_format, seed, logprobs, ...) passes through untouched. Streams
 * always ask for the usage chunk: billing needs it; the translator strips it again when the
 * client did not ask for it. The provider's profile drops the fields it refuses, renames the
 * output limit to the one it reads, and says whether it takes `stream_options` at all.
 */
export function buildOpenAIChatBody(
  request: ChatCompletionRequest,
  upstreamModel: string,
  stream: boolean,
  /** Fields the request's surface asked for that Chat Completions cannot say (reasoning controls). */
  extraFields?: Record<string, unknown>,
  profile: OpenAICompatibleProfile = defaultProfile,
): string {
  const unsupported = profile.unsupportedFields;
  const limitField = profile.maxTokensField;
  const otherLimitField = limitField === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  const streamUsage = profile.streamUsage !== false;
  // Copied field by field rather than spread and then `delete`d: deleting turns the object into a
  // slow dictionary, which made JSON.stringify (the bulk of this function) dearer on every request.
  const fields = request as unknown as Record<string, unknown>;
  const body: Record<string, unknown> = {};
  for (const field in fields) {
    // Routing preferences are Switchboard's, not the upstream's.
    if (field === 'provider' || field === 'models') continue;
    if (!stream && (field === 'stream' || field === 'stream_options')) continue;
    if (unsupported?.includes(field)) continue;
    if (limitField !== undefined && field === otherLimitField) {
      // A client that wrote both keeps the one the provider reads.
      if (!(limitField in fields)) body[limitField] = fields[field];
      continue;
    }
    // Copied as is even when replaced below, so every field keeps its place in the output.
    body[field] = fields[field];
  }
  body.model = upstreamModel;
  if (extraFields !== undefined) {
    // A field the client wrote itself stays as written.
    for (const field in extraFields) {
      if (!(field in body) && !unsupported?.includes(field)) body[field] = extraFields[field];
    }
  }
  if (stream) {
    body.stream = true;
    if (streamUsage) body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
    else delete body.stream_options;
  }
  return JSON.stringify(body);
}
