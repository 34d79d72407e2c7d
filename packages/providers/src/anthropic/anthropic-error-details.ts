import { describeHttpStatus } from '../describe-http-status';
import type { UpstreamErrorDetails } from '../provider-adapter';

/**
 * Anthropic answers errors as `{"type":"error","error":{"type","message"}}`. Proxies and load
 * balancers in front of it answer with anything (often HTML pages), which give the status text
 * only: an upstream page never reaches a client.
 */
export function anthropicErrorDetails(status: number, body: string): UpstreamErrorDetails {
  return structuredError(body) ?? { message: `Anthropic: ${describeHttpStatus(status)}` };
}

function structuredError(body: string): UpstreamErrorDetails | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const error = (parsed as { error?: unknown }).error;
  // Some gateways in front of Anthropic put the message at the top level.
  const source = typeof error === 'object' && error !== null ? error : parsed;
  const { message, type } = source as { message?: unknown; type?: unknown };
  if (typeof message !== 'string' || message.length === 0) return undefined;
  return typeof type === 'string' ? { message, type } : { message };
}
