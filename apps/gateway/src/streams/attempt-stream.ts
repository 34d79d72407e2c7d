import type { ServerResponse } from 'node:http';
import { GatewayError, SSE_KEEP_ALIVE_COMMENT } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import type { AttemptResult } from '../attempts/attempt-result';
import type { Attempt } from '../attempts/plan-attempts';
import { routingHeaders } from '../attempts/routing-headers';
import type { CancelSignal } from '../http/cancel-signal';
import { writeWithBackpressure } from '../http/write-with-backpressure';
import { classifyTransportFailure } from '../upstream/classify-upstream-failure';
import { RedactingStreamTranslator } from '../upstream/redacting-stream-translator';
import { requestUpstream } from '../upstream/request-upstream';
import { acceptReportedUsage } from '../usage/accept-reported-usage';
import { upstreamIdOf } from '../usage/upstream-id-of';
import type { StreamExchange } from './stream-exchange';

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

const DEFAULT_KEEP_ALIVE_MS = 15_000;

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
 * One try at a streamed answer, for every surface. The surface's first event is held back until
 * the upstream has produced its first translated output, so a provider that fails before that
 * can still be replaced by the next attempt. After that the client owns the stream: a break ends
 * it with the surface's error frame, never with a second provider's text. While the answer waits
 * (for the provider's headers or its first token: a thinking model's can take minutes), a
 * keep-alive goes out every `streamKeepAliveMs`: before any event an SSE comment, which every
 * SSE parser skips, so the headers are committed but a failing provider can still be replaced
 * (the next attempt continues the same response); after the first event, the surface's own
 * keep-alive (an Anthropic `ping` on Messages).
 */
export async function attemptStream(
  gateway: GatewayContext,
  exchange: StreamExchange,
  attempt: Attempt,
  attemptNumber: number,
  signal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
): Promise<AttemptResult> {
  let started = false;
  /** The headers go out once per response: an earlier attempt's keep-alive may have sent them. */
  const commitHeaders = () => {
    if (outgoing.headersSent) return;
    outgoing.writeHead(200, routingHeaders([...SSE_HEADERS], record.requestId, attempt, attemptNumber, record.responseHeaders));
    // Should every attempt fail now, the client still gets an error frame it can read.
    record.streamFailFrame = exchange.failFrame;
  };
  const start = () => {
    commitHeaders();
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

  const keepAliveMs = gateway.settings.streamKeepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  let keepAliveTimer: NodeJS.Timeout | undefined;
  const armKeepAlive = () => {
    if (keepAliveTimer !== undefined) keepAliveTimer.refresh();
    else {
      keepAliveTimer = setTimeout(function sendKeepAlive() {
        if (outgoing.destroyed || outgoing.writableEnded) return;
        // Before the surface's first event a comment commits nothing but the headers.
        const frame = started ? exchange.keepAlive(true) : SSE_KEEP_ALIVE_COMMENT;
        if (frame.length > 0) {
          commitHeaders();
          outgoing.write(frame);
        }
        keepAliveTimer = setTimeout(sendKeepAlive, keepAliveMs);
        keepAliveTimer.unref();
      }, keepAliveMs);
      keepAliveTimer.unref();
    }
  };
  // Armed before the upstream is asked: a provider may hold its response headers until its first
  // token (the simulator's ttft does), and the client must not wait in silence meanwhile.
  armKeepAlive();

  try {
    const outcome = await requestUpstream(gateway.upstream, exchange.upstreamRequest, attempt, signal, record);
    if (!outcome.ok) {
      if (outgoing.destroyed) return { kind: 'client-gone' };
      // Nothing but keep-alive comments reached the client yet: the next attempt may serve it.
      return { kind: 'failed', failure: outcome.failure };
    }

    // Wrapped so upstream text reaching the client never carries the provider key (the one
    // writer-side redactor, for translated and native streams alike).
    const translator = new RedactingStreamTranslator(
      exchange.translator,
      attempt.apiKey,
      attempt.adapter.secretPieces?.(attempt.apiKey),
    );
    const finishOutput = exchange.finishOutput ?? ((output: string) => output);
    // However the stream ends, the record keeps the usage it reported and what reached the client.
    const keepWhatArrived = () => {
      record.usage = translator.usage && acceptReportedUsage(gateway, record, attempt.provider.id, translator.usage);
      record.upstreamId = upstreamIdOf(translator.upstreamId);
      record.deliveredCharacters = translator.deliveredCharacters;
      record.deliveredSample = translator.deliveredSample;
    };
    const body = outcome.response.body;
    // A binary stream (Bedrock's event stream) is read one character per byte, for its decoder.
    body.setEncoding(attempt.adapter.streamEncoding ?? 'utf8');
    try {
      for await (const piece of body) {
        const output = finishOutput(translator.push(piece as string));
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
        if (output.length > 0) {
          armKeepAlive();
          const pending = writeWithBackpressure(outgoing, output);
          if (pending) await pending;
        }
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
      // Mid-stream, a timeout or an oversize event keeps its own code; any other transport error is a cut stream.
      const failure = classifyTransportFailure(error, attempt.provider.id, signal.reason).error;
      const ownCode = failure.code === 'upstream_timeout' || failure.code === 'upstream_bad_response';
      const code = ownCode ? failure.code! : 'upstream_stream_cut';
      const message = ownCode ? failure.message : `Provider '${attempt.provider.id}' ended the stream before it was complete.`;
      keepWhatArrived();
      record.outcome = 'stream_interrupted';
      record.errorCode = code;
      outgoing.end(exchange.failFrame(message, code));
      return { kind: 'served' };
    }

    const tail = finishOutput(translator.end());
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
      // The translator already wrote the upstream's error in the surface's error frame.
      record.outcome = 'stream_interrupted';
      record.errorCode = 'upstream_stream_error';
      outgoing.end(tail);
    } else if (!translator.done) {
      record.outcome = 'stream_interrupted';
      record.errorCode = 'upstream_stream_cut';
      outgoing.end(
        tail +
          exchange.failFrame(`Provider '${attempt.provider.id}' ended the stream before it was complete.`, 'upstream_stream_cut'),
      );
    } else {
      outgoing.end(tail);
    }
    return { kind: 'served' };
  } finally {
    clearTimeout(keepAliveTimer);
  }
}
