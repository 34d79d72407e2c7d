import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidRequest, SSE_KEEP_ALIVE_COMMENT } from '@switchboard/protocol';
import {
  legacyCompletionsUrl,
  OpenAIStreamTranslator,
  openAICompletionsAnswer,
  openAICompletionsRequest,
  PartsStreamTranslator,
  SampledText,
} from '@switchboard/providers';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import type { AttemptResult } from '../attempts/attempt-result';
import { attemptWholeJson } from '../attempts/attempt-whole-json';
import type { Attempt } from '../attempts/plan-attempts';
import { runRoutedRequest } from '../attempts/run-routed-request';
import { streamErrorChunk } from '../chat/stream-error-chunk';
import type { CancelSignal } from '../http/cancel-signal';
import { readJsonBody } from '../http/read-json-body';
import { routeChatExchange } from '../routing/route-chat-exchange';
import { attemptStream } from '../streams/attempt-stream';
import { streamFailureDetails } from '../streams/stream-failure-details';
import { metadataId } from '../usage/metadata-id';
import { readAttribution } from '../usage/read-attribution';
import {
  type CompletionIdentity,
  type CompletionsRequest,
  chatCannotExpress,
  completionsNeutralRequest,
  promptText,
  validateCompletionsRequest,
  writeCompletionsAnswer,
} from './completions-conversion';
import { CompletionsStreamWriter } from './completions-stream-writer';

/**
 * The model serves `/completions` itself (the `legacyCompletions` capability: OpenAI's
 * gpt-3.5-turbo-instruct, DeepSeek's FIM endpoint): the client's body goes up natively, and the
 * provider's answer (its id, choices, logprobs, usage) comes back as it wrote it.
 */
function nativeAttempt(
  gateway: GatewayContext,
  body: CompletionsRequest,
  url: string,
  attempt: Attempt,
  attemptNumber: number,
  signal: CancelSignal,
  outgoing: ServerResponse,
  record: RequestRecord,
): Promise<AttemptResult> {
  const target = adapterTarget(attempt);
  if (!record.stream) {
    return attemptWholeJson(
      gateway,
      openAICompletionsRequest(body, url, target, false),
      attempt,
      attemptNumber,
      signal,
      outgoing,
      record,
      (text) => {
        const answer = openAICompletionsAnswer(text);
        const delivered = new SampledText();
        delivered.add(answer.text);
        return { body: text, usage: answer.usage, upstreamId: answer.id, deliveredText: () => delivered };
      },
    );
  }
  return attemptStream(
    gateway,
    {
      upstreamRequest: openAICompletionsRequest(body, url, target, true),
      // The chat relay reads completion chunks as well: events pass byte for byte, usage is read,
      // and the usage chunk the gateway asked for is dropped unless the client asked too.
      translator: new OpenAIStreamTranslator({
        id: `cmpl-${record.requestId}`,
        created: Math.floor(Date.now() / 1000),
        model: attempt.model.upstream,
        includeUsage: body.stream_options?.include_usage === true,
      }),
      failFrame: (message, code) => streamErrorChunk(message, code),
      keepAlive: () => SSE_KEEP_ALIVE_COMMENT,
    },
    attempt,
    attemptNumber,
    signal,
    outgoing,
    record,
  );
}

/**
 * POST /v1/completions, the legacy text completion. A candidate whose model serves it natively
 * gets the body as sent; every other is served by its chat model (the prompt is the one user
 * message, the answer's text comes back as a `text_completion`, with the prompt in front for
 * `echo`). What chat cannot express (`suffix`, `logprobs`, several prompts, `n` above 1) makes a
 * translated candidate unservable: skipped, and a 400 naming the field when no candidate is left.
 */
export async function handleCompletions(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  const body = validateCompletionsRequest(await readJsonBody(incoming, gateway.settings));
  readAttribution(incoming, body, record);
  const neutral = completionsNeutralRequest(body);
  const request = neutral.chat;
  const untranslatable = chatCannotExpress(body);
  const echo = body.echo === true ? promptText(body) : undefined;
  const identity: CompletionIdentity = {
    id: `cmpl-${record.requestId}`,
    model: request.model,
    created: Math.floor(Date.now() / 1000),
  };
  const { routeRequest, explain } = routeChatExchange(gateway, incoming, record, request, [], neutral);
  await runRoutedRequest(
    gateway,
    routeRequest,
    clientSignal,
    outgoing,
    record,
    (attempt, attemptNumber, signal) => {
      const url = legacyCompletionsUrl(attempt.provider, attempt.model);
      if (url !== undefined) return nativeAttempt(gateway, body, url, attempt, attemptNumber, signal, outgoing, record);
      const target = adapterTarget(attempt);
      const named = { ...identity, model: attempt.model.upstream };
      if (!record.stream) {
        return attemptWholeJson(
          gateway,
          attempt.adapter.chatRequest(request, target, false, neutral),
          attempt,
          attemptNumber,
          signal,
          outgoing,
          record,
          (text) => {
            const answer = attempt.adapter.answerParts(text, {
              ...named,
              requestedModel: request.model,
              upstreamModel: attempt.model.upstream,
            });
            return {
              body: JSON.stringify(writeCompletionsAnswer(answer.parts, named, echo, answer.usage)),
              usage: answer.usage,
              upstreamId: metadataId(answer.parts),
            };
          },
        );
      }
      const writer = new CompletionsStreamWriter(named, echo, body.stream_options?.include_usage === true);
      return attemptStream(
        gateway,
        {
          upstreamRequest: attempt.adapter.chatRequest(request, target, true, neutral),
          translator: new PartsStreamTranslator(attempt.adapter.streamParts(), writer),
          failFrame: (message, code) => writer.fail(streamFailureDetails(message, code)),
          keepAlive: () => writer.keepAlive(),
        },
        attempt,
        attemptNumber,
        signal,
        outgoing,
        record,
      );
    },
    {
      explain,
      unservable: (attempt) => {
        if (untranslatable === undefined || legacyCompletionsUrl(attempt.provider, attempt.model) !== undefined) return undefined;
        return invalidRequest(
          `'${untranslatable.field}' (${untranslatable.reason}) needs a model that serves OpenAI's legacy completions natively, such as gpt-3.5-turbo-instruct or DeepSeek's FIM models; '${request.model}' is served here by chat models only ('${attempt.model.id}' at '${attempt.provider.id}'), which cannot express it. Remove the field, or pick such a model.`,
          untranslatable.field,
          'unsupported_parameter',
        );
      },
    },
  );
}
