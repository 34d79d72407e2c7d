import type { UsageSent } from '../recorded-request';
import type { OpenAIResponsesAnswer } from './openai-responses-answer';

/** What an encrypted reasoning item carries: opaque to everyone but the account that made it. */
export const SIMULATED_ENCRYPTED_REASONING = 'gAAAAABsimulator-encrypted-reasoning==';

export interface ResponsesOutputItems {
  reasoning: Record<string, unknown> | undefined;
  /** The message, function_call or custom_tool_call item. */
  answer: Record<string, unknown>;
}

/** The input a custom tool call carries: the behaviour's `input` argument, else its JSON. */
export function customToolInput(answer: OpenAIResponsesAnswer): string {
  const toolCall = answer.template.toolCall!;
  return typeof toolCall.arguments.input === 'string' ? toolCall.arguments.input : toolCall.argumentsJson;
}

/**
 * The output items of a completed answer: a reasoning item with the behaviour's reasoning as its
 * summary (the simulator always summarises, as with `reasoning.summary: "auto"`), then the text
 * as a message, or the tool call as a function_call (custom_tool_call for a custom tool).
 */
export function responsesOutputItems(answer: OpenAIResponsesAnswer): ResponsesOutputItems {
  const { template, sequence } = answer;
  let reasoning: Record<string, unknown> | undefined;
  if (template.reasoning !== undefined) {
    reasoning = { id: `rs_sim${sequence}`, type: 'reasoning', summary: [{ type: 'summary_text', text: template.reasoning }] };
    if (answer.encryptedReasoning) reasoning.encrypted_content = SIMULATED_ENCRYPTED_REASONING;
  }
  const toolCall = template.toolCall;
  let item: Record<string, unknown>;
  if (toolCall && answer.customTool) {
    item = {
      id: `ctc_sim${sequence}`,
      type: 'custom_tool_call',
      status: 'completed',
      call_id: `call_sim${sequence}`,
      name: toolCall.name,
      input: customToolInput(answer),
    };
  } else if (toolCall) {
    item = {
      id: `fc_sim${sequence}`,
      type: 'function_call',
      status: 'completed',
      arguments: toolCall.argumentsJson,
      call_id: `call_sim${sequence}`,
      name: toolCall.name,
    };
  } else {
    item = {
      id: `msg_sim${sequence}`,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', annotations: [], logprobs: [], text: template.text }],
    };
  }
  return { reasoning, answer: item };
}

/** The Responses usage object: `input_tokens` includes the cached ones, `output_tokens` the reasoning. */
export function responsesUsage(usage: UsageSent, override?: Record<string, unknown>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
  return override ? Object.assign(body, override) : body;
}

function echo(request: Record<string, unknown>, field: string, fallback: unknown): unknown {
  return request[field] ?? fallback;
}

/**
 * The response object, as OpenAI's API reference shows it: the answer's id, status, model and
 * output, usage once complete (null before), and the request's settings echoed back.
 */
export function openAIResponseObject(
  answer: OpenAIResponsesAnswer,
  status: 'in_progress' | 'completed',
  output: Record<string, unknown>[],
): Record<string, unknown> {
  const { request } = answer;
  const reasoning = (request.reasoning ?? {}) as Record<string, unknown>;
  return {
    id: answer.id,
    object: 'response',
    created_at: answer.createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: echo(request, 'instructions', null),
    max_output_tokens: echo(request, 'max_output_tokens', null),
    model: answer.model,
    output,
    parallel_tool_calls: echo(request, 'parallel_tool_calls', true),
    previous_response_id: echo(request, 'previous_response_id', null),
    prompt_cache_key: echo(request, 'prompt_cache_key', null),
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    safety_identifier: echo(request, 'safety_identifier', null),
    service_tier: 'default',
    store: echo(request, 'store', true),
    temperature: echo(request, 'temperature', 1),
    text: echo(request, 'text', { format: { type: 'text' }, verbosity: 'medium' }),
    tool_choice: echo(request, 'tool_choice', 'auto'),
    tools: echo(request, 'tools', []),
    top_p: echo(request, 'top_p', 1),
    truncation: echo(request, 'truncation', 'disabled'),
    usage: status === 'completed' ? responsesUsage(answer.usage, answer.usageOverride) : null,
    user: null,
    metadata: echo(request, 'metadata', {}),
  };
}

/** The whole body of a completed `POST /v1/responses`. */
export function openAIResponseBody(answer: OpenAIResponsesAnswer): string {
  const { reasoning, answer: item } = responsesOutputItems(answer);
  return JSON.stringify(openAIResponseObject(answer, 'completed', reasoning ? [reasoning, item] : [item]));
}
