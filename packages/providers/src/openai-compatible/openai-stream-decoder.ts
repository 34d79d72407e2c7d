import {
  type ChatCompletionChunk,
  fromOpenAIFinishReason,
  type NeutralFinishReason,
  type StreamErrorDetails,
  type StreamPart,
  type StreamPartsDecoder,
} from '@switchboard/protocol';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder';
import { convertOpenAIUsage } from './convert-openai-usage';
import { defaultProfile } from './profiles/openai-compatible-profile';

/** A tool call as the upstream numbers it, and as the parts do. */
interface OpenToolCall {
  index: number;
  open: boolean;
}

/**
 * OpenAI chat.completion.chunk SSE (OpenAI, DeepSeek's `reasoning_content`, OpenRouter, Azure)
 * -> parts. Only the first choice is an answer the parts can carry. The finish_reason comes
 * before the usage chunk, so it is held until [DONE], or until the close of a stream that gave
 * one (servers that never send [DONE]); a stream cut before either never finishes.
 */
export class OpenAIStreamDecoder implements StreamPartsDecoder {
  private readonly sse = new SseDecoder();
  private readonly toolCalls = new Map<number, OpenToolCall>();
  private metadataGiven = false;
  private finishReason: NeutralFinishReason | undefined;
  /** After [DONE] or an error: anything later is not part of this answer. */
  private finished = false;

  /** `reasoningFields`: the delta fields the provider's profile says carry the chain of thought. */
  constructor(private readonly reasoningFields: readonly string[] = defaultProfile.reasoningFields) {}

  push(text: string): StreamPart[] {
    return this.decode(this.sse.push(text));
  }

  end(): StreamPart[] {
    const parts = this.decode(this.sse.flush());
    if (!this.finished && this.finishReason !== undefined) this.finish(parts);
    return parts;
  }

  private decode(events: SseEvent[]): StreamPart[] {
    const parts: StreamPart[] = [];
    for (const event of events) {
      if (this.finished) break;
      this.handle(event.data, parts);
    }
    return parts;
  }

  private handle(data: string, parts: StreamPart[]): void {
    if (data === '[DONE]') {
      this.finish(parts);
      return;
    }
    let chunk: Partial<ChatCompletionChunk>;
    try {
      chunk = JSON.parse(data) as Partial<ChatCompletionChunk>;
    } catch {
      return;
    }
    if (!chunk || typeof chunk !== 'object') return;
    // OpenRouter's error chunk and OpenAI's choices-less `{"error": ...}` frame.
    if (chunk.error) {
      this.fail(readError(chunk.error), parts);
      return;
    }
    // Metadata comes before any content or not at all: only the first chunk may name it.
    if (!this.metadataGiven) {
      this.metadataGiven = true;
      const id = nonEmpty(chunk.id);
      const model = nonEmpty(chunk.model);
      if (id !== undefined || model !== undefined) parts.push({ type: 'metadata', id, model });
    }
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((each) => (each.index ?? 0) === 0);
    if (choice) {
      const delta = choice.delta ?? {};
      // DeepSeek names the chain of thought `reasoning_content`, OpenRouter `reasoning`.
      const reasoning = this.reasoningOf(delta as Record<string, unknown>);
      if (typeof reasoning === 'string' && reasoning.length > 0) parts.push({ type: 'reasoning-delta', text: reasoning });
      if (typeof delta.content === 'string' && delta.content.length > 0) parts.push({ type: 'text-delta', text: delta.content });
      for (const [position, call] of (Array.isArray(delta.tool_calls) ? delta.tool_calls : []).entries()) {
        this.toolCallDelta(call.index ?? position, call, parts);
      }
      if (choice.finish_reason === 'error') {
        this.fail({ message: 'The upstream ended its answer with an error' }, parts);
        return;
      }
      if (choice.finish_reason) this.finishReason = fromOpenAIFinishReason(choice.finish_reason);
    }
    const usage = convertOpenAIUsage(chunk.usage);
    if (usage) parts.push({ type: 'usage', usage });
  }

  private reasoningOf(delta: Record<string, unknown>): unknown {
    for (const field of this.reasoningFields) {
      const value = delta[field];
      if (typeof value === 'string' && value.length > 0) return value;
    }
    return undefined;
  }

  private toolCallDelta(
    upstreamIndex: number,
    call: NonNullable<ChatCompletionChunk['choices'][number]['delta']['tool_calls']>[number],
    parts: StreamPart[],
  ): void {
    let known = this.toolCalls.get(upstreamIndex);
    if (!known) {
      known = { index: this.toolCalls.size, open: true };
      this.toolCalls.set(upstreamIndex, known);
      parts.push({
        type: 'tool-call-start',
        index: known.index,
        id: typeof call.id === 'string' ? call.id : `call_${known.index}`,
        name: call.function?.name ?? '',
      });
    }
    const argumentsDelta = call.function?.arguments;
    if (typeof argumentsDelta === 'string' && argumentsDelta.length > 0) {
      parts.push({ type: 'tool-call-delta', index: known.index, argumentsDelta });
    }
  }

  private finish(parts: StreamPart[]): void {
    this.finished = true;
    for (const call of this.toolCalls.values()) {
      if (call.open) parts.push({ type: 'tool-call-end', index: call.index });
      call.open = false;
    }
    // [DONE] without any finish_reason still closes a whole answer, for reasons unnamed.
    parts.push({ type: 'finish', reason: this.finishReason ?? 'other' });
  }

  private fail(error: StreamErrorDetails, parts: StreamPart[]): void {
    this.finished = true;
    parts.push({ type: 'error', error });
  }
}

function readError(error: NonNullable<ChatCompletionChunk['error']>): StreamErrorDetails {
  const details: StreamErrorDetails = {
    message: typeof error.message === 'string' && error.message.length > 0 ? error.message : 'upstream stream error',
  };
  if (typeof error.type === 'string') details.type = error.type;
  details.code = error.code == null ? null : String(error.code);
  return details;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
