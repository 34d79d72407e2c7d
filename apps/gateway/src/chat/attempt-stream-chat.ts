import type { ServerResponse } from 'node:http';
import { type ChatCompletionRequest, SSE_KEEP_ALIVE_COMMENT, sanitizeTokenUsage } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import type { AttemptResult } from '../attempts/attempt-result';
import type { Attempt } from '../attempts/plan-attempts';
import type { CancelSignal } from '../http/cancel-signal';
import { attemptStream } from '../streams/attempt-stream';
import { addCostToUsage } from '../usage/add-cost-to-usage';
import { billedAt, costPicosAt, servedPriceFor } from '../usage/served-price';
import { streamErrorChunk } from './stream-error-chunk';

/** One try at a streamed chat completion: the Chat Completions surface's frames on the shared stream attempt. */
export function attemptStreamChat(
  gateway: GatewayContext,
  request: ChatCompletionRequest,
  attempt: Attempt,
  attemptNumber: number,
  signal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
): Promise<AttemptResult> {
  const upstreamRequest = attempt.adapter.chatRequest(request, adapterTarget(attempt), true);
  const chunkId = `chatcmpl-${record.requestId}`;
  const includeUsage = request.stream_options?.include_usage === true;
  const translator = attempt.adapter.chatStream({
    id: chunkId,
    created: Math.floor(Date.now() / 1000),
    model: attempt.model.upstream,
    includeUsage,
  });
  // A client that asked for the usage chunk gets its cost in it too (OpenRouter's usage.cost).
  let priced = !includeUsage;
  const finishOutput = (output: string): string => {
    if (priced || translator.usage === undefined) return output;
    const usage = sanitizeTokenUsage(translator.usage).usage;
    const costPicos = costPicosAt(servedPriceFor(gateway, attempt, billedAt(record)), usage, billedAt(record));
    const costed = addCostToUsage(output, costPicos);
    priced = costed !== output;
    return costed;
  };
  return attemptStream(
    gateway,
    {
      upstreamRequest,
      translator,
      failFrame: (message, code) => streamErrorChunk(message, code),
      // OpenAI-shaped streams are relayed event by event, so a comment between events is safe.
      keepAlive: () => SSE_KEEP_ALIVE_COMMENT,
      finishOutput,
    },
    attempt,
    attemptNumber,
    signal,
    outgoing,
    record,
  );
}
