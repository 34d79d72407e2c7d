import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { handleChatCompletions } from '../chat/handle-chat-completions';
import { handleEmbeddings } from '../embeddings/handle-embeddings';
import type { GatewayContext } from './gateway-context';
import { runV1, type V1Handler } from './run-v1';

const HOT_ROUTES = new Map<string, [route: string, handler: V1Handler]>([
  ['/v1/chat/completions', ['chat.completions', handleChatCompletions]],
  ['/v1/embeddings', ['embeddings', handleEmbeddings]],
]);

/**
 * The two proxied routes are dispatched straight from the Node request listener: they read the
 * Node request and write the Node response themselves, so going through Hono would only add its
 * Request wrapper, context and response adaptation (about a tenth of the gateway's CPU per
 * request in a profile). Everything else (models, health, /admin, 404s) goes to the Hono app.
 */
export function hotPathListener(
  gateway: GatewayContext,
  fallback: RequestListener,
  track: (handling: Promise<void>) => void = () => {},
): RequestListener {
  return (incoming: IncomingMessage, outgoing: ServerResponse) => {
    if (incoming.method === 'POST') {
      const url = incoming.url ?? '';
      const query = url.indexOf('?');
      const route = HOT_ROUTES.get(query === -1 ? url : url.slice(0, query));
      if (route) {
        track(
          runV1(gateway, route[0], query === -1 ? url : url.slice(0, query), incoming, outgoing, route[1]).catch(
            (error: unknown) => {
              gateway.logger.error({ err: error }, 'request handling failed');
              if (!outgoing.headersSent) outgoing.writeHead(500).end();
            },
          ),
        );
        return;
      }
    }
    fallback(incoming, outgoing);
  };
}
