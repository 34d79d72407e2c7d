import { ANTHROPIC_ENDPOINT_PREFIX } from './wire/dialect-for-path';

/**
 * The Anthropic Messages endpoint of an `openai`-format provider (DeepSeek's
 * `https://api.deepseek.com/anthropic`), for a provider's `anthropicBaseUrl`; the adapter
 * appends `/v1/messages`.
 */
export function providerAnthropicBaseUrl(origin: string, id: string): string {
  return `${origin}/p/${id}${ANTHROPIC_ENDPOINT_PREFIX}`;
}
