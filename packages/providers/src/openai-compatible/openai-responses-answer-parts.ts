import { emptyUsage, type StreamErrorDetails, type StreamPart } from '@switchboard/protocol';
import type { AnswerParts } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage';
import { mapOpenAIResponsesFinish } from './map-openai-responses-finish';
import { readOpenAIResponsesError } from './read-openai-responses-error';

type OutputItem = Record<string, unknown>;

function parseResponse(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('upstream returned a body that is not JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || !Array.isArray((parsed as OutputItem).output)) {
    throw new UpstreamProtocolError('upstream returned JSON that is not a response object');
  }
  return parsed as Record<string, unknown>;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Summaries when the upstream gave them, else the raw reasoning text (open-weight models). */
function reasoningText(item: OutputItem): string {
  const pieces = (list: unknown, type: string) =>
    (Array.isArray(list) ? list : [])
      .filter((entry): entry is OutputItem => !!entry && typeof entry === 'object' && entry.type === type)
      .map((entry) => (typeof entry.text === 'string' ? entry.text : ''))
      .filter((piece) => piece.length > 0);
  const summaries = pieces(item.summary, 'summary_text');
  return (summaries.length > 0 ? summaries : pieces(item.content, 'reasoning_text')).join('\n\n');
}

/**
 * A whole OpenAI Responses object (`object: "response"`) as parts: reasoning summaries, message
 * text (refusals as text), function calls with their arguments and custom tool calls with their
 * free-form input, then usage and the finish, or an error part for a `failed` response.
 * Encrypted reasoning and hosted-tool items have no part: only a native client can replay them.
 */
export function openAIResponsesAnswerParts(body: string): AnswerParts {
  const response = parseResponse(body);
  const parts: StreamPart[] = [];
  const id = text(response.id);
  const model = text(response.model);
  if (id !== undefined || model !== undefined) parts.push({ type: 'metadata', id, model });
  let toolIndex = 0;
  let refused = false;
  for (const item of response.output as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const output = item as OutputItem;
    if (output.type === 'reasoning') {
      const reasoning = reasoningText(output);
      if (reasoning.length > 0) parts.push({ type: 'reasoning-delta', text: reasoning });
    } else if (output.type === 'message') {
      for (const content of Array.isArray(output.content) ? output.content : []) {
        if (!content || typeof content !== 'object') continue;
        const part = content as OutputItem;
        if (part.type === 'output_text' && text(part.text)) parts.push({ type: 'text-delta', text: part.text as string });
        if (part.type === 'refusal' && text(part.refusal)) {
          refused = true;
          parts.push({ type: 'text-delta', text: part.refusal as string });
        }
      }
    } else if (output.type === 'function_call' || output.type === 'custom_tool_call') {
      const index = toolIndex++;
      const callId = text(output.call_id) ?? text(output.id) ?? `call_${index}`;
      parts.push({ type: 'tool-call-start', index, id: callId, name: typeof output.name === 'string' ? output.name : '' });
      const input = output.type === 'function_call' ? output.arguments : output.input;
      if (text(input)) parts.push({ type: 'tool-call-delta', index, argumentsDelta: input as string });
      parts.push({ type: 'tool-call-end', index });
    }
  }
  const reported = convertOpenAIResponsesUsage(response.usage);
  const usage = reported ?? emptyUsage();
  if (reported) parts.push({ type: 'usage', usage });
  if (response.status === 'failed') {
    parts.push({ type: 'error', error: failure(response.error) });
    return { parts, usage };
  }
  const details = response.incomplete_details as { reason?: unknown } | null | undefined;
  const reason = mapOpenAIResponsesFinish({
    status: typeof response.status === 'string' ? response.status : undefined,
    incompleteReason: typeof details?.reason === 'string' ? details.reason : undefined,
    toolCalled: toolIndex > 0,
    refused,
  });
  parts.push({ type: 'finish', reason });
  return { parts, usage };
}

function failure(error: unknown): StreamErrorDetails {
  return readOpenAIResponsesError(error) ?? { message: 'The upstream response failed', code: null };
}
