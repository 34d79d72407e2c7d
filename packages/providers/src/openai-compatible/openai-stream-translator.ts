import { type ChatCompletionChunk, chatErrorFrame, type TokenUsage } from '@switchboard/protocol';
import type { StreamContext, StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { SampledText } from '../sampled-text';
import { SseDecoder } from '../sse/sse-decoder';
import { convertOpenAIUsage } from './convert-openai-usage';

const DONE_EVENT = 'data: [DONE]\n\n';

/**
 * Pass-through for OpenAI-shaped streams: each upstream event is forwarded byte for byte; the
 * translator only reads it to pick out usage, errors and the end. What the gateway asked for
 * billing is hidden from a client that did not ask for usage: the usage-only chunk is dropped,
 * and `"usage": null` on the other chunks too (the OpenRouter SDK rejects it). An upstream error
 * chunk goes out as the choices-less error frame OpenAI itself sends, so every SDK raises it.
 */
export class OpenAIStreamTranslator implements StreamTranslator {
  usage: TokenUsage | undefined;
  done = false;
  upstreamError: UpstreamStreamError | undefined;
  upstreamId: string | undefined;
  private readonly delivered = new SampledText();

  get deliveredCharacters(): number {
    return this.delivered.characters;
  }

  get deliveredSample(): string {
    return this.delivered.sample;
  }
  private readonly decoder = new SseDecoder();
  private sawDone = false;
  private sawFinishReason = false;

  constructor(private readonly context: StreamContext) {}

  push(text: string): string {
    let output = '';
    for (const event of this.decoder.push(text)) output += this.handle(event.data, event.raw);
    return output;
  }

  end(): string {
    let output = '';
    for (const event of this.decoder.flush()) output += this.handle(event.data, `${event.raw.trimEnd()}\n\n`);
    // Some servers end with a finish_reason and close without [DONE]: that answer is complete.
    if (!this.sawDone && this.sawFinishReason && !this.upstreamError) {
      this.done = true;
      output += DONE_EVENT;
    }
    return output;
  }

  private handle(data: string, raw: string): string {
    if (this.sawDone) return '';
    if (data === '[DONE]') {
      this.sawDone = true;
      this.done = !this.upstreamError;
      return DONE_EVENT;
    }
    let chunk: ChatCompletionChunk;
    try {
      chunk = JSON.parse(data) as ChatCompletionChunk;
    } catch {
      return '';
    }
    if (chunk.error) {
      this.upstreamError = {
        message: typeof chunk.error.message === 'string' ? chunk.error.message : 'upstream stream error',
        type: chunk.error.type,
        code: chunk.error.code == null ? null : String(chunk.error.code),
      };
      return chatErrorFrame(this.upstreamError);
    }
    if (this.upstreamId === undefined && typeof chunk.id === 'string' && chunk.id.length > 0) this.upstreamId = chunk.id;
    const usage = convertOpenAIUsage(chunk.usage);
    if (usage) this.usage = usage;
    const choices = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      if (usage && !this.context.includeUsage) return '';
      return this.withoutNullUsage(chunk, raw);
    }
    for (const choice of choices) {
      const delta = choice.delta;
      if (delta) {
        if (typeof delta.content === 'string') this.delivered.add(delta.content);
        if (typeof delta.reasoning_content === 'string') this.delivered.add(delta.reasoning_content);
        if (delta.tool_calls) {
          for (const call of delta.tool_calls) this.delivered.add(call.function?.arguments ?? '');
        }
      }
      // Legacy completions chunks (relayed by the same translator) carry `text` instead of a delta.
      const text = (choice as { text?: unknown }).text;
      if (typeof text === 'string') this.delivered.add(text);
      if (choice.finish_reason) this.sawFinishReason = true;
    }
    return this.withoutNullUsage(chunk, raw);
  }

  private withoutNullUsage(chunk: ChatCompletionChunk, raw: string): string {
    if (chunk.usage !== null || this.context.includeUsage) return raw;
    // Re-encoded only when it carries the field; every other event keeps its bytes.
    const { usage: _hidden, ...visible } = chunk;
    return `data: ${JSON.stringify(visible)}\n\n`;
  }
}
