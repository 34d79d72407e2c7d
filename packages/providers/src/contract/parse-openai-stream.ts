import type { ChatCompletionChunk, FinishReason } from '@switchboard/protocol';
import { SseDecoder } from '../sse/sse-decoder';

// Reassembles an OpenAI SSE stream the way a client would: used by the contract suite and by
// gateway tests to check what a client actually received.

export interface AssembledToolCall {
  id: string;
  name: string;
  arguments: string;
}

export interface ParsedOpenAIStream {
  chunks: ChatCompletionChunk[];
  text: string;
  reasoning: string;
  finishReason: FinishReason | null;
  toolCalls: AssembledToolCall[];
  done: boolean;
  error: ChatCompletionChunk['error'];
}

export function parseOpenAIStream(sse: string): ParsedOpenAIStream {
  const decoder = new SseDecoder();
  const events = [...decoder.push(sse), ...decoder.flush()];
  const result: ParsedOpenAIStream = {
    chunks: [],
    text: '',
    reasoning: '',
    finishReason: null,
    toolCalls: [],
    done: false,
    error: undefined,
  };
  for (const event of events) {
    if (event.data === '[DONE]') {
      result.done = true;
      continue;
    }
    if (result.done) throw new Error('data after [DONE]');
    const chunk = JSON.parse(event.data) as ChatCompletionChunk;
    result.chunks.push(chunk);
    if (chunk.error) result.error = chunk.error;
    for (const choice of chunk.choices ?? []) {
      if (choice.delta?.content) result.text += choice.delta.content;
      if (choice.delta?.reasoning_content) result.reasoning += choice.delta.reasoning_content;
      for (const call of choice.delta?.tool_calls ?? []) {
        const existing = result.toolCalls[call.index] ?? { id: '', name: '', arguments: '' };
        if (call.id) existing.id = call.id;
        if (call.function?.name) existing.name += call.function.name;
        if (call.function?.arguments) existing.arguments += call.function.arguments;
        result.toolCalls[call.index] = existing;
      }
      if (choice.finish_reason) result.finishReason = choice.finish_reason;
    }
  }
  return result;
}
