import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { GatewayError } from '@switchboard/protocol';
import { handleChatCompletions } from '../chat/handle-chat-completions';
import { handleCompletions } from '../completions/handle-completions';
import { handleEmbeddings } from '../embeddings/handle-embeddings';
import { writeAnthropicError } from '../http/anthropic-error-response';
import { writeOpenAIError } from '../http/openai-error-response';
import { newRequestId } from '../http/request-id';
import { handleCountTokens } from '../messages/handle-count-tokens';
import { handleMessages } from '../messages/handle-messages';
import { handleResponses } from '../responses/handle-responses';
import type { GatewayContext } from './gateway-context';
import type { LoadShedder } from './load-shedder';
import { type ErrorWriter, runV1, type V1Handler } from './run-v1';

// Matched on the path alone: Claude Code calls `/v1/messages?beta=true`.
const HOT_ROUTES = new Map<string, [route: string, handler: V1Handler, writeError?: ErrorWriter]>([
  ['/v1/chat/completions', ['chat.completions', handleChatCompletions]],
  ['/v1/completions', ['completions', handleCompletions]],
  ['/v1/embeddings', ['embeddings', handleEmbeddings]],
  ['/v1/messages', ['messages', handleMessages, writeAnthropicError]],
  ['/v1/responses', ['responses', handleResponses]],
  ['/v1/messages/count_tokens', ['messages.count_tokens', handleCountTokens, writeAnthropicError]],
]);

/**
 * The proxied routes are dispatched straight from the Node request listener: they read the
 * Node request and write the Node response themselves, so going through Hono would only add its
 * Request wrapper, context and response adaptation (about a tenth of the gateway's CPU per
 * request in a profile). Everything else (models, health, /admin, 404s) goes to the Hono app.
 */
export function hotPathListener(
  gateway: GatewayContext,
  fallback: RequestListener,
  track: (handling: Promise<void>) => void = () => {},
  shedder?: LoadShedder,
): RequestListener {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    // On every answer (/v1, /admin, health, metrics, the dashboard): Node merges headers set here
    // with the ones a handler or Hono writes later, so no browser ever sniffs a JSON error as HTML.
    outgoing.setHeader('x-content-type-options', 'nosniff');
    if (incoming.method === 'POST') {
      const url = incoming.url ?? '';
      const query = url.indexOf('?');
      const route = HOT_ROUTES.get(query === -1 ? url : url.slice(0, query));
      if (route) {
        if (shedder) {
          const reason = shedder.shedReason();
          if (reason !== undefined) {
            shed(gateway, route[0], reason, outgoing, route[2] ?? writeOpenAIError);
            return;
          }
          shedder.inFlight++;
        }
        const handling = runV1(
          gateway,
          route[0],
          query === -1 ? url : url.slice(0, query),
          incoming,
          outgoing,
          route[1],
          route[2],
        ).catch((error: unknown) => {
          gateway.logger.error({ err: error }, 'request handling failed');
          if (!outgoing.headersSent) outgoing.writeHead(500).end();
        });
        track(
          shedder
            ? handling.finally(() => {
                shedder.inFlight--;
              })
            : handling,
        );
        return;
      }
    }
    fallback(incoming, outgoing);
  };
}

/**
 * 503 with retry-after in the surface's shape (Anthropic's table says 529 overloaded_error on
 * /v1/messages, which Claude Code retries); the body is never read: Node discards it once the
 * answer is written.
 */
function shed(
  gateway: GatewayContext,
  route: string,
  reason: 'in_flight' | 'event_loop',
  outgoing: ServerResponse,
  writeError: ErrorWriter,
) {
  gateway.metrics.requestsShed({ route, reason });
  gateway.metrics.requests({ route, status: '503', outcome: 'shed' });
  writeError(
    outgoing,
    new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'gateway_overloaded',
      retryAfter: 1,
      message:
        reason === 'in_flight'
          ? 'This gateway instance is at its limit of requests in flight; retry shortly (another instance may take it).'
          : 'This gateway instance is overloaded; retry shortly (another instance may take it).',
    }),
    newRequestId(),
  );
}
