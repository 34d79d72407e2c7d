import { UpstreamProtocolError } from '../upstream-protocol-error';
import type { AnthropicMessagesResponse } from './anthropic-api';

/** A 2xx Messages body, checked only for what every reader of it needs: a content array. */
export function parseAnthropicMessage(body: string): AnthropicMessagesResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('Anthropic returned a body that is not JSON');
  }
  const candidate = parsed as Partial<AnthropicMessagesResponse> | null;
  if (typeof candidate !== 'object' || candidate === null || !Array.isArray(candidate.content)) {
    throw new UpstreamProtocolError('Anthropic returned JSON that is not a message');
  }
  return candidate as AnthropicMessagesResponse;
}
