import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  decodeMessagesRequest,
  MessagesStreamWriter,
  type NeutralRequest,
  validateMessagesRequest,
  writeMessagesAnswer,
} from '@switchboard/protocol';
import { anthropicAdapter, NativeStreamTranslator, PartsStreamTranslator, stripUnsignedThinking } from '@switchboard/providers';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import type { AttemptResult } from '../attempts/attempt-result';
import { attemptWholeJson } from '../attempts/attempt-whole-json';
import type { Attempt } from '../attempts/plan-attempts';
import { runRoutedRequest } from '../attempts/run-routed-request';
import type { CancelSignal } from '../http/cancel-signal';
import { readJsonBody } from '../http/read-json-body';
import { routeChatExchange } from '../routing/route-chat-exchange';
import { attemptStream } from '../streams/attempt-stream';
import type { StreamExchange } from '../streams/stream-exchange';
import { streamFailureDetails } from '../streams/stream-failure-details';
import { metadataId } from '../usage/metadata-id';
import { readAttribution } from '../usage/read-attribution';
import { anthropicStreamErrorFrame } from './anthropic-stream-error-frame';

const PING_EVENT = 'event: ping\ndata: {"type": "ping"}\n\n';

/**
 * The upstream speaks Messages itself (Anthropic, or a provider's Anthropic endpoint such as
 * DeepSeek's): the client's body goes up natively and the bytes come back.
 */
function speaksMessages(attempt: Attempt): boolean {
  return attempt.adapter.wireFormat === 'anthropic-messages' || attempt.provider.anthropicBaseUrl !== undefined;
}

function nativeStreamExchange(neutral: NeutralRequest, attempt: Attempt): StreamExchange {
  const target = adapterTarget(attempt);
  // A ping may only go between two whole events: the bytes are relayed as they came.
  let atEventBoundary = true;
  return {
    upstreamRequest: anthropicAdapter.nativeRequest!(stripUnsignedThinking(neutral.native!), target, true),
    translator: new NativeStreamTranslator(anthropicAdapter.streamParts()),
    failFrame: anthropicStreamErrorFrame,
    keepAlive: (started) => (started && atEventBoundary ? PING_EVENT : ''),
    finishOutput: (output) => {
      if (output.length > 0) atEventBoundary = output.endsWith('\n\n');
      return output;
    },
  };
}

function translatedStreamExchange(
  neutral: NeutralRequest,
  attempt: Attempt,
  record: RequestRecord,
  inputTokensEstimate: number,
): StreamExchange {
  const target = adapterTarget(attempt);
  const writer = new MessagesStreamWriter({ id: `msg_${record.requestId}`, model: attempt.model.upstream, inputTokensEstimate });
  return {
    upstreamRequest: attempt.adapter.chatRequest(neutral.chat, target, true, neutral),
    translator: new PartsStreamTranslator(attempt.adapter.streamParts(), writer),
    failFrame: (message, code) => writer.fail(streamFailureDetails(message, code)),
    keepAlive: () => writer.keepAlive(),
  };
}

function attemptWhole(
  gateway: GatewayContext,
  neutral: NeutralRequest,
  attempt: Attempt,
  attemptNumber: number,
  signal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
): Promise<AttemptResult> {
  const target = adapterTarget(attempt);
  const context = {
    requestedModel: neutral.chat.model,
    upstreamModel: attempt.model.upstream,
    id: `msg_${record.requestId}`,
    created: Math.floor(Date.now() / 1000),
  };
  if (speaksMessages(attempt)) {
    return attemptWholeJson(
      gateway,
      anthropicAdapter.nativeRequest!(stripUnsignedThinking(neutral.native!), target, false),
      attempt,
      attemptNumber,
      signal,
      outgoing,
      record,
      // The provider's own body (and id) goes back untouched; only its usage is read.
      (text) => {
        const answer = anthropicAdapter.answerParts(text, context);
        return { body: text, usage: answer.usage, priceInBody: false, upstreamId: metadataId(answer.parts) };
      },
    );
  }
  return attemptWholeJson(
    gateway,
    attempt.adapter.chatRequest(neutral.chat, target, false, neutral),
    attempt,
    attemptNumber,
    signal,
    outgoing,
    record,
    (text) => {
      const answer = attempt.adapter.answerParts(text, context);
      const message = writeMessagesAnswer(answer.parts, { id: context.id, model: attempt.model.upstream });
      return { body: JSON.stringify(message), usage: answer.usage, priceInBody: false, upstreamId: metadataId(answer.parts) };
    },
  );
}

/** POST /v1/messages, whole or streamed: the Anthropic Messages surface on the exchange core. */
export async function handleMessages(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  // Anthropic's SDKs read the request id from `request-id`; writeHead merges it into every answer.
  outgoing.setHeader('request-id', record.requestId);
  const body = validateMessagesRequest(await readJsonBody(incoming, gateway.settings));
  readAttribution(incoming, body, record);
  const neutral = decodeMessagesRequest(body, incoming.headers);
  const request = neutral.chat;
  const { routeRequest, explain } = routeChatExchange(gateway, incoming, record, request, neutral.droppedFields, neutral);
  await runRoutedRequest(
    gateway,
    routeRequest,
    clientSignal,
    outgoing,
    record,
    (attempt, attemptNumber, signal) => {
      if (!record.stream) return attemptWhole(gateway, neutral, attempt, attemptNumber, signal, outgoing, record);
      const exchange = speaksMessages(attempt)
        ? nativeStreamExchange(neutral, attempt)
        : translatedStreamExchange(neutral, attempt, record, routeRequest.estimatedInputTokens);
      return attemptStream(gateway, exchange, attempt, attemptNumber, signal, outgoing, record);
    },
    { explain },
  );
}
