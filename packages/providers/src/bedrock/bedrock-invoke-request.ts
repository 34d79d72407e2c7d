import { stripUnsignedThinking } from '../anthropic/strip-unsigned-thinking';
import type { NativeRequest } from '../provider-adapter';

/** The `anthropic_version` Bedrock's InvokeModel requires in the body of Claude requests. */
export const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/**
 * A Messages client's own body for Claude's InvokeModel (`/model/{id}/invoke` and
 * `/invoke-with-response-stream`): every field as the client wrote it (cache_control, thinking
 * with its signatures, documents, betas' fields), with only what Bedrock's envelope needs changed
 * (DESIGN.md contract 9): no `model` (it is in the URL) and no `stream` (the endpoint says it),
 * `anthropic_version` in the body, and `anthropic-beta` as the body's `anthropic_beta` list.
 * Thinking blocks the gateway wrote unsigned are left out, as for Anthropic itself.
 */
export function bedrockInvokeBody(native: NativeRequest): string {
  const { body: client } = stripUnsignedThinking(native);
  const body: Record<string, unknown> = { anthropic_version: BEDROCK_ANTHROPIC_VERSION };
  for (const field in client) if (field !== 'model' && field !== 'stream') body[field] = client[field];
  const beta = Object.entries(native.headers).find(([name]) => name.toLowerCase() === 'anthropic-beta')?.[1];
  if (beta !== undefined) {
    const betas = beta
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0);
    if (betas.length > 0) body.anthropic_beta = betas;
  }
  return JSON.stringify(body);
}
