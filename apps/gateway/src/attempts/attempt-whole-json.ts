import type { ServerResponse } from 'node:http';
import { GatewayError, type TokenUsage } from '@switchboard/protocol';
import { type SampledText, UpstreamProtocolError, type UpstreamRequest } from '@switchboard/providers';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { CancelSignal } from '../http/cancel-signal';
import { classifyTransportFailure } from '../upstream/classify-upstream-failure';
import { redactAnswer } from '../upstream/redact-secret';
import { requestUpstreamText } from '../upstream/request-upstream-text';
import { acceptReportedUsage } from '../usage/accept-reported-usage';
import { addCostToUsage } from '../usage/add-cost-to-usage';
import { billedAt, priceRecord, servedPriceFor } from '../usage/served-price';
import { upstreamIdOf } from '../usage/upstream-id-of';
import type { AttemptResult } from './attempt-result';
import type { Attempt } from './plan-attempts';
import { routingHeaders } from './routing-headers';

/** Debug only: the answer with a `switchboard` field explaining the route (costs a re-encode). */
function withRoutingTrace(body: string, record: RequestRecord, attempt: Attempt): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  parsed.switchboard = {
    routing: record.routingTrace,
    attempts: [...record.attemptLog, { provider: attempt.provider.id, model: attempt.model.id, outcome: 'served' }],
  };
  return JSON.stringify(parsed);
}

export interface ConvertedBody {
  body: string;
  usage: TokenUsage;
  /**
   * Whether the body gets OpenRouter's `usage.cost`: OpenAI-shaped answers do; an Anthropic
   * body passed through natively may not be edited, so the Messages surface says false.
   */
  priceInBody?: boolean;
  /** The provider's own id for this answer (its body's `id`), recorded for the generation lookup. */
  upstreamId?: string;
  /** The answer's text, read only when the provider's output count is unusable and must be estimated. */
  deliveredText?: () => SampledText;
}

/**
 * One try at a request answered with one JSON body (whole chat completions, embeddings).
 * Nothing reaches the client unless the upstream answered 2xx with a body the adapter could read.
 */
export async function attemptWholeJson(
  gateway: GatewayContext,
  upstreamRequest: UpstreamRequest,
  attempt: Attempt,
  attemptNumber: number,
  signal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
  convert: (text: string) => ConvertedBody,
): Promise<AttemptResult> {
  const providerId = attempt.provider.id;
  const outcome = await requestUpstreamText(gateway.upstream, upstreamRequest, attempt, signal, record);
  if (!outcome.ok) return outgoing.destroyed ? { kind: 'client-gone' } : { kind: 'failed', failure: outcome.failure };

  let converted: ConvertedBody;
  try {
    converted = convert(outcome.text);
  } catch (error) {
    if (outgoing.destroyed) return { kind: 'client-gone' };
    if (error instanceof UpstreamProtocolError) {
      const unreadable = new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_bad_response',
        provider: providerId,
        message: `Provider '${providerId}' sent a response the gateway could not read: ${error.message}.`,
      });
      return { kind: 'failed', failure: { retryable: true, error: unreadable } };
    }
    if (error instanceof GatewayError) throw error;
    return { kind: 'failed', failure: classifyTransportFailure(error, providerId, signal.reason) };
  }
  if (outgoing.destroyed) return { kind: 'client-gone' };
  const usage = acceptReportedUsage(gateway, record, providerId, converted.usage);
  if (record.droppedUsageFields?.includes('outputTokens') && converted.deliveredText) {
    const delivered = converted.deliveredText();
    record.deliveredCharacters = delivered.characters;
    record.deliveredSample = delivered.sample;
  }
  // Every whole answer tells its cost (OpenRouter's usage.cost), priced as it will be billed;
  // when a count had to be dropped, the cost of the counts that were usable (the estimate of the
  // dropped ones is added at the end, and the bill says `estimated`).
  record.servedPrice = servedPriceFor(gateway, attempt, billedAt(record));
  priceRecord(record, usage);
  if (converted.priceInBody !== false) converted.body = addCostToUsage(converted.body, record.costPicos ?? 0);
  // Whole answers only: a stream's headers leave before its usage (/v1/generation has both).
  if (usage.cachedInputTokens > 0 && record.cacheSavingsMicros !== undefined) {
    outgoing.setHeader('x-switchboard-cache-savings', String(record.cacheSavingsMicros / 1_000_000));
  }
  if (record.routingTrace !== undefined) converted.body = withRoutingTrace(converted.body, record, attempt);
  // The writer seam of every whole answer: a success body echoing the key (an echo endpoint, a
  // model repeating its headers) is redacted like an error body.
  converted.body = redactAnswer(converted.body, attempt.apiKey, attempt.adapter.secretPieces?.(attempt.apiKey));
  outgoing.writeHead(
    200,
    routingHeaders(
      ['content-type', 'application/json', 'content-length', Buffer.byteLength(converted.body)],
      record.requestId,
      attempt,
      attemptNumber,
      record.responseHeaders,
    ),
  );
  outgoing.end(converted.body);
  record.usage = usage;
  record.upstreamId = upstreamIdOf(converted.upstreamId);
  record.firstByteMs = Date.now() - record.startedAt;
  return { kind: 'served' };
}
