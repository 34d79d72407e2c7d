import type { ChatCompletionRequest, EmbeddingsRequest } from '@switchboard/protocol';
import { invalidRequest } from '@switchboard/protocol';
import { parseRoutingPreferences, type RouteRequest, type RoutingPolicy } from '@switchboard/router';
import { requestedOutputTokens } from '../access/output-limit';
import { estimateChatInputTokens, estimateEmbeddingInputTokens } from './estimate-input-tokens';

const POLICIES = new Set<RoutingPolicy>(['balanced', 'price', 'latency', 'throughput']);

/** `x-switchboard-policy`, the per-request override of the default routing policy. */
export function policyFromHeader(header: string | string[] | undefined): RoutingPolicy | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (!POLICIES.has(value as RoutingPolicy)) {
    throw invalidRequest(
      `'x-switchboard-policy' must be one of ${[...POLICIES].join(', ')}.`,
      'x-switchboard-policy',
      'invalid_value',
    );
  }
  return value as RoutingPolicy;
}

function hasImage(request: ChatCompletionRequest): boolean {
  return request.messages.some(
    (message) => Array.isArray(message.content) && message.content.some((part) => part.type === 'image_url'),
  );
}

/** What the router needs to know about a chat request; the routing fields are validated here (400 naming the field). */
export function routeRequestFromChat(request: ChatCompletionRequest, policy: RoutingPolicy | undefined): RouteRequest {
  const fields = parseRoutingPreferences({ model: request.model, models: request.models, provider: request.provider });
  // Both may be forwarded: the larger is what the output may reach (issue 15).
  const maxOutputTokens = requestedOutputTokens(request);
  const format = request.response_format?.type;
  return {
    model: fields.model,
    models: fields.models,
    kind: 'chat',
    stream: request.stream === true,
    estimatedInputTokens: estimateChatInputTokens(request.messages, request.tools),
    maxOutputTokens: maxOutputTokens ?? undefined,
    needs: {
      tools: Array.isArray(request.tools) && request.tools.length > 0,
      vision: hasImage(request),
      jsonMode: format === 'json_object' || format === 'json_schema',
    },
    preferences: fields.preferences,
    policy,
  };
}

export function routeRequestFromEmbeddings(request: EmbeddingsRequest, policy: RoutingPolicy | undefined): RouteRequest {
  const fields = parseRoutingPreferences({ model: request.model, models: request.models, provider: request.provider });
  return {
    model: fields.model,
    models: fields.models,
    kind: 'embedding',
    stream: false,
    estimatedInputTokens: estimateEmbeddingInputTokens(request.input),
    needs: { tools: false, vision: false, jsonMode: false },
    preferences: fields.preferences,
    policy,
  };
}
