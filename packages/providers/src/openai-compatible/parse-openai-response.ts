import type { ChatCompletion, EmbeddingsResponse } from '@switchboard/protocol';
import { UpstreamProtocolError } from '../upstream-protocol-error';

function parseJsonObject(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('upstream returned a body that is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UpstreamProtocolError('upstream returned JSON that is not an object');
  }
  return parsed as Record<string, unknown>;
}

/** Parses an OpenAI-shaped whole chat response, checking only what the gateway reads. */
export function parseOpenAICompletion(body: string): ChatCompletion {
  const parsed = parseJsonObject(body);
  if (!Array.isArray(parsed.choices)) throw new UpstreamProtocolError('upstream response has no choices');
  return parsed as ChatCompletion;
}

/** Parses an OpenAI-shaped embeddings response. */
export function parseOpenAIEmbeddings(body: string): EmbeddingsResponse {
  const parsed = parseJsonObject(body);
  if (!Array.isArray(parsed.data)) throw new UpstreamProtocolError('upstream embeddings response has no data');
  return parsed as unknown as EmbeddingsResponse;
}
