import {
  type ChatCompletion,
  type ChatMessage,
  type StreamPart,
  type ToolCall,
  toOpenAIFinishReason,
  toOpenAIUsage,
} from '@switchboard/protocol';
import type { AnswerParts, ChatResult } from '../provider-adapter';
import { UpstreamProtocolError } from '../upstream-protocol-error';
import type { BedrockConverseResponse } from './bedrock-api';
import { convertBedrockUsage } from './convert-bedrock-usage';
import { mapBedrockStopReason } from './map-bedrock-stop-reason';

export interface BedrockResponseContext {
  /** Converse answers carry no id: the gateway-made one names the completion. */
  id: string;
  created: number;
  upstreamModel: string;
}

function parseConverse(body: string): BedrockConverseResponse {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UpstreamProtocolError('Bedrock answered with a body that is not JSON');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as BedrockConverseResponse).output?.message?.content)
  ) {
    throw new UpstreamProtocolError('Bedrock answered without output.message.content');
  }
  return parsed as BedrockConverseResponse;
}

/** A whole Converse answer as parts: reasoning with its signature, text, tool calls, usage, finish. */
export function bedrockAnswerParts(body: string, context: BedrockResponseContext): AnswerParts {
  const response = parseConverse(body);
  const usage = convertBedrockUsage(response.usage);
  const parts: StreamPart[] = [{ type: 'metadata', model: context.upstreamModel }];
  let toolCalls = 0;
  for (const block of response.output?.message?.content ?? []) {
    if (typeof block.text === 'string') {
      if (block.text.length > 0) parts.push({ type: 'text-delta', text: block.text });
    } else if (block.reasoningContent) {
      const { reasoningText, redactedContent } = block.reasoningContent;
      if (reasoningText) {
        if (reasoningText.text.length > 0) parts.push({ type: 'reasoning-delta', text: reasoningText.text });
        if (reasoningText.signature) parts.push({ type: 'reasoning-signature', signature: reasoningText.signature });
      } else if (typeof redactedContent === 'string') parts.push({ type: 'redacted-reasoning', data: redactedContent });
    } else if (block.toolUse) {
      const index = toolCalls++;
      parts.push({ type: 'tool-call-start', index, id: block.toolUse.toolUseId, name: block.toolUse.name });
      parts.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(block.toolUse.input ?? {}) });
      parts.push({ type: 'tool-call-end', index });
    }
  }
  parts.push({ type: 'usage', usage });
  parts.push({ type: 'finish', reason: mapBedrockStopReason(response.stopReason) });
  return { parts, usage };
}

/** A whole Converse answer -> an OpenAI chat.completion and its usage. */
export function convertBedrockResponse(body: string, context: BedrockResponseContext): ChatResult {
  const { parts, usage } = bedrockAnswerParts(body, context);
  let text: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: ToolCall[] = [];
  let finish: StreamPart | undefined;
  for (const part of parts) {
    if (part.type === 'text-delta') text = (text ?? '') + part.text;
    else if (part.type === 'reasoning-delta') reasoning = (reasoning ?? '') + part.text;
    else if (part.type === 'tool-call-start')
      toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: '' } });
    else if (part.type === 'tool-call-delta') toolCalls[part.index]!.function.arguments += part.argumentsDelta;
    else if (part.type === 'finish') finish = part;
  }
  const message: ChatMessage & { role: 'assistant' } = { role: 'assistant', content: text ?? null };
  if (reasoning !== undefined) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const completion: ChatCompletion = {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: context.upstreamModel,
    choices: [
      {
        index: 0,
        message,
        finish_reason: toOpenAIFinishReason(finish?.type === 'finish' ? finish.reason : 'other'),
        logprobs: null,
      },
    ],
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
}
