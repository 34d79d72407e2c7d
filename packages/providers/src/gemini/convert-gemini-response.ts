import {
  type ChatCompletion,
  type ChatCompletionChoice,
  emptyUsage,
  type ToolCall,
  toOpenAIFinishReason,
  toOpenAIUsage,
} from '@switchboard/protocol';
import type { ChatResult } from '../provider-adapter';
import { convertGeminiUsage } from './convert-gemini-usage';
import type { GeminiCandidate, GeminiGenerateContentResponse } from './gemini-api';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { newToolCallId } from './new-tool-call-id';
import { parseGeminiJson } from './parse-gemini-json';

export interface GeminiResponseContext {
  upstreamModel: string;
  id: string;
  created: number;
}

function toChoice(candidate: GeminiCandidate, position: number): ChatCompletionChoice {
  let text = '';
  let reasoning = '';
  const toolCalls: ToolCall[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      toolCalls.push({
        id: newToolCallId(),
        type: 'function',
        function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
      });
    } else if (typeof part.text === 'string') {
      if (part.thought === true) reasoning += part.text;
      else text += part.text;
    }
  }
  const message: ChatCompletionChoice['message'] = { role: 'assistant', content: text.length > 0 ? text : null };
  if (reasoning.length > 0) message.reasoning_content = reasoning;
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  return {
    index: candidate.index ?? position,
    message,
    finish_reason: toOpenAIFinishReason(mapGeminiFinishReason(candidate.finishReason, toolCalls.length > 0)),
  };
}

/** A whole generateContent response as an OpenAI chat completion. */
export function convertGeminiResponse(body: string, context: GeminiResponseContext): ChatResult {
  const response = parseGeminiJson<GeminiGenerateContentResponse>(body, 'response');
  const candidates = response.candidates ?? [];
  // Gemini answers without candidates only when it blocked the prompt itself.
  const choices: ChatCompletionChoice[] =
    candidates.length > 0
      ? candidates.map(toChoice).sort((left, right) => left.index - right.index)
      : [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter' }];
  const usage = response.usageMetadata ? convertGeminiUsage(response.usageMetadata) : emptyUsage();
  const completion: ChatCompletion = {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: response.modelVersion ?? context.upstreamModel,
    choices,
    usage: toOpenAIUsage(usage),
  };
  return { completion, usage };
}
