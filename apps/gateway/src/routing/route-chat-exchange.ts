import type { IncomingMessage } from 'node:http';
import type { ChatCompletionRequest, NeutralRequest } from '@switchboard/protocol';
import type { RouteRequest } from '@switchboard/router';
import { keyPolicy, mayExplainRoute } from '../access/key-routing-rights';
import { outputLimitOf } from '../access/output-limit';
import type { GatewayContext } from '../app/gateway-context';
import type { RequestRecord } from '../app/request-record';
import { OPEN_OWNER } from '../responses/stored-response';
import { affinityKeys, isContinuing } from './affinity-keys';
import { measureInputSize } from './estimate-input-tokens';
import { policyFromHeader, routeRequestFromChat } from './route-request-from-body';

/**
 * What every chat-shaped surface does once its body is in the neutral (Chat Completions) form:
 * the record learns the model, whether it streams and the prompt (for estimates) and what the
 * decoder dropped, and the router's request and the debug-trace permission are derived the same
 * way for all of them. Keyed requests also get the prompt measured for `inputUpperBound` (the
 * native body when there is one: it is what a same-format upstream bills) and their output
 * limit, which admission may rewrite for a budgeted key.
 */
export function routeChatExchange(
  gateway: GatewayContext,
  incoming: IncomingMessage,
  record: RequestRecord,
  request: ChatCompletionRequest,
  droppedFields: string[] = [],
  neutral?: NeutralRequest,
): { routeRequest: RouteRequest; explain: boolean } {
  record.requestedModel = request.model;
  record.stream = request.stream === true;
  record.promptForEstimate = { messages: request.messages, tools: request.tools };
  if (droppedFields.length > 0) record.droppedFields = droppedFields;
  const key = record.apiKey;
  // Only reservations read them: a key without a token limit or budget pays no walk of the prompt.
  if (key && (key.tpmLimit !== null || key.budgetMicros !== null)) {
    // A Responses body holds only the new turn; the neutral request has the whole conversation.
    const native = neutral?.native?.format === 'anthropic-messages' ? neutral.native.body : undefined;
    record.inputSize = native ? measureInputSize(native) : measureInputSize(request.messages, request.tools);
    record.inputSize.tools = Array.isArray(request.tools) && request.tools.length > 0;
    record.outputLimit = outputLimitOf(request, neutral);
  }
  // The conversation's names, for prompt-cache affinity (runRoutedRequest reads and remembers them).
  record.affinityKeys = affinityKeys(record.apiKey?.id ?? OPEN_OWNER, request, incoming.headers);
  record.affinityContinuing = isContinuing(request.messages);
  const routeRequest = routeRequestFromChat(
    request,
    policyFromHeader(incoming.headers['x-switchboard-policy']) ?? keyPolicy(record),
  );
  const explain = mayExplainRoute(gateway, record) && incoming.headers['x-switchboard-debug'] === '1';
  return { routeRequest, explain };
}
