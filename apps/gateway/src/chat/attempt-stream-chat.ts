import type { ServerResponse } from 'node:http';
import { type ChatCompletionRequest, GatewayError, sanitizeTokenUsage } from '@switchboard/protocol';
import type { StreamTranslator } from '@switchboard/providers';
import { computeCostMicros } from '@switchboard/usage';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { AttemptResult } from '../attempts/attempt-result';
import type { Attempt } from '../attempts/plan-attempts';
import { routingHeaders } from '../attempts/routing-headers';
import type { CancelSignal } from '../http/cancel-signal';
import { writeWithBackpressure } from '../http/write-with-backpressure';
import { classifyTransportFailure } from '../upstream/classify-upstream-failure';
import { requestUpstream } from '../upstream/request-upstream';
import { acceptReportedUsage } from '../usage/accept-reported-usage';
import { addCostToUsage } from '../usage/add-cost-to-usage';
import { streamErrorChunk } from './stream-error-chunk';

const SSE_HEADERS = [
  'content-type',
  'text/event-stream; charset=utf-8',
  'cache-control',
  'no-cache',
  'connection',
  'keep-alive',
  // Tell nginx-style proxies not to buffer the stream.
  'x-accel-buffering',
  'no',
];

function failedBeforeOutput(attempt: Attempt, message: string, code: string): AttemptResult {
  return {
    kind: 'failed',
    failure: {
      retryable: true,
      error: new GatewayError({ status: 502, type: 'upstream_error', code, provider: attempt.provider.id, message }),
    },
  };
}

/**
 * One try at a streamed chat completion. Response headers are held back until the upstream has
 * produced its first translated output, so a provider that fails before that can still be
 * replaced by the next attempt. After that the client owns the stream: a break ends it with an
 * error chunk, never with a second provider's text.
 */
export async function attemptStreamChat(
  gateway: GatewayContext,
  request: ChatCompletionRequest,
  attempt: Attempt,
  attemptNumber: number,
  signal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
): Promise<AttemptResult> {
  const upstreamRequest = attempt.adapter.chatRequest(
    request,
    { provider: attempt.provider, upstreamModel: attempt.model.upstream, apiKey: attempt.apiKey },
    true,
  );
  const outcome = await requestUpstream(gateway.upstream, upstreamRequest, attempt, signal, record.requestId);
  if (!outcome.ok) return outgoing.destroyed ? { kind: 'client-gone' } : { kind: 'failed', failure: outcome.failure };

  const chunkId = `chatcmpl-${record.requestId}`;
  const translator: StreamTranslator = attempt.adapter.chatStream({
    id: chunkId,
    created: Math.floor(Date.now() / 1000),
    model: attempt.model.upstream,
    includeUsage: request.stream_options?.include_usage === true,
  });
  // A client that asked for the usage chunk gets its cost in it too (OpenRouter's usage.cost).
  let priced = request.stream_options?.include_usage !== true;
  const withCost = (output: string): string => {
    if (priced || translator.usage === undefined) return output;
    const costed = addCostToUsage(output, computeCostMicros(sanitizeTokenUsage(translator.usage).usage, attempt.model.price));
    priced = costed !== output;
    return costed;
  };
  // However the stream ends, the record keeps the usage it reported and what reached the client.
  const keepWhatArrived = () => {
    record.usage = translator.usage && acceptReportedUsage(gateway, record, attempt.provider.id, translator.usage);
    record.deliveredCharacters = translator.deliveredCharacters;
    record.deliveredSample = translator.deliveredSample;
  };
  const body = outcome.response.body;
  body.setEncoding('utf8');
  let started = false;
  const start = () => {
    outgoing.writeHead(200, routingHeaders([...SSE_HEADERS], record.requestId, attempt, attemptNumber, record.responseHeaders));
    // Debug only: an SSE comment, which clients ignore, carries the route before the first chunk.
    if (record.routingTrace !== undefined) {
      const trace = {
        routing: record.routingTrace,
        attempts: [...record.attemptLog, { provider: attempt.provider.id, model: attempt.model.id, outcome: 'serving' }],
      };
      outgoing.write(`: switchboard ${JSON.stringify(trace)}\n\n`);
    }
    started = true;
    record.firstByteMs = Date.now() - record.startedAt;
  };

  try {
    for await (const piece of body) {
      const output = withCost(translator.push(piece as string));
      if (!started) {
        if (translator.upstreamError) {
          body.destroy();
          return failedBeforeOutput(
            attempt,
            `Provider '${attempt.provider.id}' failed its stream: ${translator.upstreamError.message}`,
            'upstream_stream_error',
          );
        }
        if (output.length === 0) continue;
        start();
      }
      const pending = writeWithBackpressure(outgoing, output);
      if (pending) await pending;
      if (translator.upstreamError) {
        body.destroy();
        break;
      }
    }
  } catch (error) {
    if (outgoing.destroyed) {
      keepWhatArrived();
      return { kind: 'client-gone' };
    }
    if (!started) return { kind: 'failed', failure: classifyTransportFailure(error, attempt.provider.id, signal.reason) };
    // Mid-stream, a timeout keeps its own code; any other transport error is a cut stream.
    const failure = classifyTransportFailure(error, attempt.provider.id, signal.reason).error;
    const timedOut = failure.code === 'upstream_timeout';
    const code = timedOut ? 'upstream_timeout' : 'upstream_stream_cut';
    const message = timedOut ? failure.message : `Provider '${attempt.provider.id}' ended the stream before it was complete.`;
    keepWhatArrived();
    record.outcome = 'stream_interrupted';
    record.errorCode = code;
    outgoing.end(streamErrorChunk(chunkId, attempt.model.upstream, message, code));
    return { kind: 'served' };
  }

  const tail = withCost(translator.end());
  if (!started) {
    if (!translator.done) {
      return failedBeforeOutput(
        attempt,
        `Provider '${attempt.provider.id}' ended its stream before sending anything.`,
        'upstream_empty_stream',
      );
    }
    start();
  }
  keepWhatArrived();
  if (translator.upstreamError) {
    // The translator already emitted the upstream's error chunk.
    record.outcome = 'stream_interrupted';
    record.errorCode = 'upstream_stream_error';
    outgoing.end(tail);
  } else if (!translator.done) {
    record.outcome = 'stream_interrupted';
    record.errorCode = 'upstream_stream_cut';
    outgoing.end(
      tail +
        streamErrorChunk(
          chunkId,
          attempt.model.upstream,
          `Provider '${attempt.provider.id}' ended the stream before it was complete.`,
          'upstream_stream_cut',
        ),
    );
  } else {
    outgoing.end(tail);
  }
  return { kind: 'served' };
}
