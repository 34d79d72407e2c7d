import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateChatRequest } from '@switchboard/protocol';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { adapterTarget } from '../attempts/adapter-target';
import { attemptWholeJson } from '../attempts/attempt-whole-json';
import { runRoutedRequest } from '../attempts/run-routed-request';
import type { CancelSignal } from '../http/cancel-signal';
import { readJsonBody } from '../http/read-json-body';
import { routeChatExchange } from '../routing/route-chat-exchange';
import { completionText } from '../usage/completion-text';
import { readAttribution } from '../usage/read-attribution';
import { attemptStreamChat } from './attempt-stream-chat';

/** POST /v1/chat/completions, whole or streamed. */
export async function handleChatCompletions(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
  clientSignal: CancelSignal,
  record: RequestRecord,
): Promise<void> {
  const request = validateChatRequest(await readJsonBody(incoming, gateway.settings));
  readAttribution(incoming, request, record);
  const { routeRequest, explain } = routeChatExchange(gateway, incoming, record, request);
  await runRoutedRequest(
    gateway,
    routeRequest,
    clientSignal,
    outgoing,
    record,
    (attempt, attemptNumber, signal) => {
      if (record.stream) return attemptStreamChat(gateway, request, attempt, attemptNumber, signal, outgoing, record);
      const target = adapterTarget(attempt);
      return attemptWholeJson(
        gateway,
        attempt.adapter.chatRequest(request, target, false),
        attempt,
        attemptNumber,
        signal,
        outgoing,
        record,
        (text) => {
          const result = attempt.adapter.chatResponse(text, {
            requestedModel: request.model,
            upstreamModel: attempt.model.upstream,
            id: `chatcmpl-${record.requestId}`,
            created: Math.floor(Date.now() / 1000),
          });
          return {
            body: result.passthroughBody ?? JSON.stringify(result.completion),
            usage: result.usage,
            // Relayed as the provider wrote it, the body keeps the provider's id; else the gateway's.
            upstreamId: result.passthroughBody === undefined ? undefined : result.completion.id,
            deliveredText: () => completionText(result.completion),
          };
        },
      );
    },
    { explain },
  );
}
