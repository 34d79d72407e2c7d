import type { ResponsesRequest, ResponsesResponse, ResponsesStatus } from './responses-types';

export interface ResponsesAnswerMeta {
  /** The gateway-made `resp_...` id. */
  id: string;
  /** Reported unless a `metadata` part names the upstream's model before the answer begins. */
  model: string;
  /** Unix seconds. */
  createdAt: number;
  request: ResponsesRequest;
  /** Custom tools the decoder sent as functions: their calls are written back as custom tool calls. */
  customToolNames: readonly string[];
}

/**
 * A response object with no output yet: the request's settings echoed the way OpenAI echoes
 * them, its defaults filled in where the client left a field out (temperature and top_p 1,
 * tool_choice `auto`, truncation `disabled`, store true, ...).
 */
export function responsesResponseBase(
  meta: Pick<ResponsesAnswerMeta, 'id' | 'model' | 'createdAt' | 'request'>,
  status: ResponsesStatus,
): ResponsesResponse {
  const request = meta.request;
  return {
    id: meta.id,
    object: 'response',
    created_at: meta.createdAt,
    status,
    error: null,
    incomplete_details: null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    model: meta.model,
    output: [],
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' }, verbosity: request.text?.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}
