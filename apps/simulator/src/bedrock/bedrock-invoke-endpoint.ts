import { anthropicMessage } from '../anthropic/anthropic-message';
import { anthropicAnswerFor, anthropicMessagesEndpoint } from '../anthropic/anthropic-messages-endpoint';
import { anthropicStreamFrames } from '../anthropic/anthropic-stream-frames';
import type { StreamFrame } from '../plan-stream-batches';
import { isRecord } from '../wire/is-record';
import type { Endpoint, ProviderCall } from '../wire/wire-dialect';
import { eventStreamMessage } from './bedrock-stream-frames';

const BEDROCK_ANTHROPIC_VERSION = 'bedrock-2023-05-31';

/** Anthropic's SSE frames as InvokeModel streams them: one `chunk` event per Anthropic event, its JSON in base64. */
function chunkFrames(frames: StreamFrame[]): StreamFrame[] {
  return frames.flatMap((frame) => {
    const data = frame.text
      .split('\n')
      .find((line) => line.startsWith('data: '))
      ?.slice('data: '.length);
    if (data === undefined) return [];
    const bytes = Buffer.from(data, 'utf8').toString('base64');
    return [{ ...frame, text: eventStreamMessage('event', 'chunk', { bytes }) }];
  });
}

/**
 * Claude's InvokeModel: `POST /model/{id}/invoke` (Anthropic's message as the body) and
 * `/invoke-with-response-stream` (an event stream of `chunk` events). The body is Anthropic's
 * Messages request with `anthropic_version: "bedrock-2023-05-31"` and neither `model` nor
 * `stream`; answered by the Anthropic endpoint, given the model from the path.
 */
export function bedrockInvokeEndpoint(stream: boolean): Endpoint {
  const withModel = (call: ProviderCall): ProviderCall =>
    isRecord(call.body) ? { ...call, body: { ...call.body, model: call.pathModel } } : call;
  return {
    countsTowardFaults: true,
    wantsStream: () => stream,
    problem(call) {
      const body = call.body;
      if (!isRecord(body)) return 'The request body must be a JSON object.';
      if (body.anthropic_version !== BEDROCK_ANTHROPIC_VERSION)
        return 'Malformed input request: #: required key [anthropic_version] not found';
      for (const field of ['model', 'stream']) {
        if (body[field] !== undefined) {
          return `Malformed input request: #: extraneous key [${field}] is not permitted, please reformat your input and try again.`;
        }
      }
      return anthropicMessagesEndpoint.problem(withModel(call));
    },
    answer(call) {
      const { exchange, provider } = call;
      const body = withModel(call).body as Record<string, unknown>;
      const answer = anthropicAnswerFor(call, body);
      if (stream) {
        const frames = chunkFrames(anthropicStreamFrames(answer));
        exchange.stream('application/vnd.amazon.eventstream', call.headers, frames, answer.usage, provider.behaviour, 'latin1');
        return;
      }
      exchange.after(provider.behaviour.latencyMs, () =>
        exchange.sendJson(200, anthropicMessage(answer), call.headers, answer.usage),
      );
    },
  };
}
