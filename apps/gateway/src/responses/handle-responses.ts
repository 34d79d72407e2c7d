import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type DecodedResponsesRequest,
  decodeResponsesRequest,
  GatewayError,
  type ResponsesRequest,
  type ResponsesResponse,
  ResponsesStreamWriter,
  responsesConversationItems,
  SSE_KEEP_ALIVE_COMMENT,
  toResponsesFailure,
  toResponsesStreamFailure,
  validateResponsesRequest,
  writeResponsesAnswer,
} from '@switchboard/protocol';
import {
  NativeStreamTranslator,
  OpenAIResponsesStreamDecoder,
  openAIResponsesAnswerParts,
  openAIResponsesRequest,
  PartsStreamTranslator,
} from '@switchboard/providers';
import type { RouteRequest } from '@switchboard/router';
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
import type { UpstreamAccount } from '../routing/upstream-affinity';
import { attemptStream } from '../streams/attempt-stream';
import type { StreamExchange } from '../streams/stream-exchange';
import { metadataId } from '../usage/metadata-id';
import { readAttribution } from '../usage/read-attribution';
import { isAccountBound } from './account-bound-items';
import { conversationKeys, responseKey } from './conversation-keys';
import { loadPreviousResponse } from './load-previous-response';
import { nativeResponsesBody } from './native-responses-body';
import { ResponsesEventCapture } from './responses-event-capture';
import { OPEN_OWNER, type StoredResponse } from './stored-response';

const KEPT_STATUSES = new Set(['completed', 'incomplete']);

/** The provider serves OpenAI's Responses API itself: the client's body goes up natively. */
function speaksResponses(attempt: Attempt): boolean {
  return attempt.provider.responsesApi === true;
}

function accountOf(attempt: Attempt): UpstreamAccount {
  return { providerId: attempt.provider.id, keyId: attempt.keyId };
}

function hostedToolRefused(tools: string[], attempt: Attempt): GatewayError {
  const names = tools.map((tool) => `'${tool}'`).join(', ');
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'unsupported_tool',
    param: 'tools',
    provider: attempt.provider.id,
    message: `The hosted tool ${names} runs only on a provider serving OpenAI's Responses API natively, and '${attempt.model.id}' is served by '${attempt.provider.id}', which cannot run it. Remove the tool, or pick a model such a provider serves.`,
  });
}

/** The request's `provider.order`, unless the client gave one: these providers first. */
function preferringProviders(routeRequest: RouteRequest, providerIds: string[]): RouteRequest {
  if (providerIds.length === 0 || (routeRequest.preferences?.order?.length ?? 0) > 0) return routeRequest;
  return { ...routeRequest, preferences: { ...routeRequest.preferences, order: [...new Set(providerIds)] } };
}

/** One Responses request through the exchange core: what every attempt shares. */
class ResponsesExchange {
  readonly id: string;
  readonly createdAt = Math.floor(Date.now() / 1000);
  private kept = false;

  constructor(
    private readonly gateway: GatewayContext,
    private readonly record: RequestRecord,
    readonly body: ResponsesRequest,
    readonly neutral: DecodedResponsesRequest,
    private readonly ownerKeyId: string,
    private readonly previous: StoredResponse | undefined,
    private readonly conversation: string[],
    /** The account the conversation's unreadable-elsewhere items belong to, when known. */
    private readonly bound: UpstreamAccount | undefined,
  ) {
    this.id = `resp_${record.requestId}`;
  }

  private writerOptions(attempt: Attempt) {
    return {
      id: this.id,
      model: attempt.model.upstream,
      createdAt: this.createdAt,
      request: this.body,
      customToolNames: this.neutral.customToolNames,
    };
  }

  private nativeRequest(attempt: Attempt, stream: boolean) {
    const native = this.neutral.native!;
    const body = nativeResponsesBody(native.body, accountOf(attempt), this.previous, this.bound);
    return openAIResponsesRequest({ body, headers: native.headers ?? {} }, adapterTarget(attempt), stream);
  }

  /**
   * A completed answer: remembered as the conversation's account, and stored (unless
   * `store: false`) before its last bytes reach the client, so a next turn chaining it finds it.
   */
  keep(response: ResponsesResponse | undefined, attempt: Attempt, native: boolean): void {
    if (this.kept || !response || !KEPT_STATUSES.has(response.status)) return;
    this.kept = true;
    this.gateway.affinity.remember([...this.conversation, responseKey(this.ownerKeyId, response.id)], accountOf(attempt));
    if (this.body.store === false) return;
    const history = this.previous?.conversation ?? [];
    const turn = responsesConversationItems(this.body, response);
    const output = Array.isArray(response.output) ? response.output.length : 0;
    this.gateway.storedResponses.keep({
      id: response.id,
      ownerKeyId: this.ownerKeyId,
      providerId: attempt.provider.id,
      providerKeyId: attempt.keyId,
      native,
      response,
      conversation: [...history, ...turn],
      inputItemCount: history.length + Math.max(0, turn.length - output),
    });
  }

  whole(attempt: Attempt, attemptNumber: number, signal: CancelSignal, outgoing: ServerResponse): Promise<AttemptResult> {
    const context = {
      requestedModel: this.neutral.chat.model,
      upstreamModel: attempt.model.upstream,
      id: this.id,
      created: this.createdAt,
    };
    if (speaksResponses(attempt)) {
      return attemptWholeJson(
        this.gateway,
        this.nativeRequest(attempt, false),
        attempt,
        attemptNumber,
        signal,
        outgoing,
        this.record,
        // The provider's own body (and id) goes back untouched; only its usage is read.
        (text) => {
          const answer = openAIResponsesAnswerParts(text);
          this.keep(JSON.parse(text) as ResponsesResponse, attempt, true);
          return { body: text, usage: answer.usage, priceInBody: false, upstreamId: metadataId(answer.parts) };
        },
      );
    }
    return attemptWholeJson(
      this.gateway,
      attempt.adapter.chatRequest(this.neutral.chat, adapterTarget(attempt), false, this.neutral),
      attempt,
      attemptNumber,
      signal,
      outgoing,
      this.record,
      (text) => {
        const answer = attempt.adapter.answerParts(text, context);
        const response = writeResponsesAnswer(answer.parts, this.writerOptions(attempt));
        this.keep(response, attempt, false);
        return { body: JSON.stringify(response), usage: answer.usage, priceInBody: false, upstreamId: metadataId(answer.parts) };
      },
    );
  }

  nativeStream(attempt: Attempt): StreamExchange {
    const capture = new ResponsesEventCapture();
    return {
      upstreamRequest: this.nativeRequest(attempt, true),
      // The terminal event repeats the whole response, so it may be as long as a whole answer.
      translator: new NativeStreamTranslator(
        new OpenAIResponsesStreamDecoder(this.gateway.settings.answerLimits?.wholeAnswerBytes),
      ),
      failFrame: (message, code) => {
        const failure = toResponsesFailure(new GatewayError({ status: 502, type: 'upstream_error', code, message }));
        return capture.failEvent(failure.code, failure.message);
      },
      // A comment may only go between two whole events: the bytes are relayed as they came.
      keepAlive: (started) => (started && capture.atEventBoundary ? SSE_KEEP_ALIVE_COMMENT : ''),
      finishOutput: (output) => {
        capture.push(output);
        if (capture.final) this.keep(capture.final, attempt, true);
        // An upstream `error` event ends the stream without a terminal event, and Codex retries
        // (and is billed for) a turn whose stream has none: a response.failed follows it.
        if (capture.upstreamError && !capture.ended) {
          const failure = toResponsesStreamFailure(capture.upstreamError);
          return output + capture.failEvent(failure.code, failure.message);
        }
        return output;
      },
    };
  }

  translatedStream(attempt: Attempt): StreamExchange {
    const writer = new ResponsesStreamWriter(this.writerOptions(attempt));
    return {
      upstreamRequest: attempt.adapter.chatRequest(this.neutral.chat, adapterTarget(attempt), true, this.neutral),
      translator: new PartsStreamTranslator(attempt.adapter.streamParts(), writer),
      failFrame: (message, code) => {
        const failure = toResponsesFailure(new GatewayError({ status: 502, type: 'upstream_error', code, message }));
        return writer.fail({ message: failure.message, code: failure.code });
      },
      keepAlive: () => writer.keepAlive(),
      finishOutput: (output) => {
        this.keep(writer.response, attempt, false);
        return output;
      },
    };
  }
}

/**
 * POST /v1/responses, whole or streamed (by `body.stream`: the openai SDK sends
 * `accept: application/json` for streams too): the OpenAI Responses surface on the exchange core.
 * Native passthrough to a provider with `responsesApi`, translated for every other one.
 */
export async function handleResponses(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  const body = validateResponsesRequest(await readJsonBody(incoming, gateway.settings));
  readAttribution(incoming, body, record);
  const ownerKeyId = record.apiKey?.id ?? OPEN_OWNER;
  const previous =
    body.previous_response_id === undefined || body.previous_response_id === null
      ? undefined
      : await loadPreviousResponse(gateway, body.previous_response_id, ownerKeyId);
  const neutral = decodeResponsesRequest(body, { headers: incoming.headers, history: previous?.conversation });
  const request = neutral.chat;
  const routed = routeChatExchange(gateway, incoming, record, request, neutral.droppedFields, neutral);

  // Affinity: a conversation whose items only one upstream account can read stays on it while
  // it is healthy (the chained response's own record first, then the conversation's names).
  const conversation = conversationKeys(ownerKeyId, body, incoming.headers);
  const chained = previous?.native ? { providerId: previous.providerId, keyId: previous.providerKeyId } : undefined;
  const carriesBound = Array.isArray(body.input) && body.input.some(isAccountBound);
  const bound = chained ?? (carriesBound ? gateway.affinity.find(conversation) : undefined);
  const front = bound ? [bound.providerId] : [];
  if (neutral.hostedTools.length > 0) {
    // Only a native upstream runs hosted tools: those providers first, so one serves if any can.
    for (const provider of gateway.catalog.catalog.providers) {
      if (provider.responsesApi === true && provider.enabled) front.push(provider.id);
    }
  }
  const routeRequest = preferringProviders(routed.routeRequest, front);

  const exchange = new ResponsesExchange(gateway, record, body, neutral, ownerKeyId, previous, conversation, bound);
  let nativeFailure: GatewayError | undefined;
  try {
    await runRoutedRequest(
      gateway,
      routeRequest,
      clientSignal,
      outgoing,
      record,
      async (attempt, attemptNumber, signal) => {
        const native = speaksResponses(attempt);
        if (!native && neutral.hostedTools.length > 0) {
          return { kind: 'failed', failure: { retryable: false, error: hostedToolRefused(neutral.hostedTools, attempt) } };
        }
        let result: AttemptResult;
        if (!record.stream) result = await exchange.whole(attempt, attemptNumber, signal, outgoing);
        else {
          const stream = native ? exchange.nativeStream(attempt) : exchange.translatedStream(attempt);
          result = await attemptStream(gateway, stream, attempt, attemptNumber, signal, outgoing, record);
        }
        if (native && result.kind === 'failed') nativeFailure = result.failure.error;
        return result;
      },
      { explain: routed.explain, preferred: bound },
    );
  } catch (error) {
    // A native provider tried first failed for a reason of its own (a 503, a 429 with
    // retry-after): that is the answer's cause, and it says to retry, where the refusal of the
    // translated fallback would say to remove the tool (which Codex takes as final).
    if (nativeFailure && error instanceof GatewayError && error.code === 'unsupported_tool') throw nativeFailure;
    throw error;
  }
}
