import type { IncomingMessage, ServerResponse } from 'node:http';
import { PartsStreamTranslator } from '@switchboard/providers';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import { attemptWholeJson } from '../attempts/attempt-whole-json';
import { runRoutedRequest } from '../attempts/run-routed-request';
import type { CancelSignal } from '../http/cancel-signal';
import { readJsonBody } from '../http/read-json-body';
import { routeChatExchange } from '../routing/route-chat-exchange';
import { attemptStream } from '../streams/attempt-stream';
import { streamFailureDetails } from '../streams/stream-failure-details';
import {
  completionsNeutralRequest,
  promptText,
  validateCompletionsRequest,
  writeCompletionsAnswer,
} from './completions-conversion';
import { CompletionsStreamWriter } from './completions-stream-writer';

/**
 * POST /v1/completions, the legacy text completion, served by chat models for every provider:
 * the prompt is the one user message and the answer's text comes back as a `text_completion`
 * (whole or streamed), with the prompt in front when `echo` asks for it.
 */
export async function handleCompletions(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  const body = validateCompletionsRequest(await readJsonBody(incoming, gateway.settings.bodyLimitBytes));
  const neutral = completionsNeutralRequest(body);
  const request = neutral.chat;
  const echo = body.echo === true ? promptText(body) : undefined;
  const identity = { id: `cmpl-${record.requestId}`, model: request.model, created: Math.floor(Date.now() / 1000) };
  const { routeRequest, explain } = routeChatExchange(gateway, incoming, record, request, [], neutral);
  await runRoutedRequest(
    gateway,
    routeRequest,
    clientSignal,
    outgoing,
    record,
    (attempt, attemptNumber, signal) => {
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
            return { body: JSON.stringify(writeCompletionsAnswer(answer.parts, named, echo, answer.usage)), usage: answer.usage };
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
    explain,
  );
}
