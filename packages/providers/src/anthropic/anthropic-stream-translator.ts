import {
  type ChatCompletionChunk,
  type ChatCompletionChunkChoice,
  emptyUsage,
  type FinishReason,
  type TokenUsage,
  toOpenAIUsage,
} from '@switchboard/protocol';
import type { StreamContext, StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { SampledText } from '../sampled-text';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder';
import type { AnthropicResponseBlock, AnthropicStreamEvent, AnthropicUsage } from './anthropic-api';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

type Delta = ChatCompletionChunkChoice['delta'];

/** What a content block index turned out to be; tool blocks remember their OpenAI tool_calls index. */
type BlockKind = { kind: 'text' } | { kind: 'thinking' } | { kind: 'tool'; toolIndex: number } | { kind: 'ignored' };

/**
 * Anthropic Messages SSE -> OpenAI chat.completion.chunk SSE. Anthropic names blocks by their
 * position in the message, OpenAI numbers tool calls on their own, so block indexes are mapped.
 * The finish reason arrives in message_delta but is sent at message_stop, so a stream cut in
 * between never claims to have finished.
 */
export class AnthropicStreamTranslator implements StreamTranslator {
  private readonly decoder = new SseDecoder();
  private readonly blocks = new Map<number, BlockKind>();
  private model: string;
  private roleSent = false;
  private toolCount = 0;
  private stopReason: string | null = null;
  private upstreamUsage: Partial<AnthropicUsage> | undefined;
  /** Set after message_stop or an error event: anything later is ignored. */
  private finished = false;
  private doneFlag = false;
  private errorValue: UpstreamStreamError | undefined;
  private readonly delivered = new SampledText();

  constructor(private readonly context: StreamContext) {
    this.model = context.model;
  }

  get usage(): TokenUsage | undefined {
    return this.upstreamUsage ? convertAnthropicUsage(this.upstreamUsage) : undefined;
  }

  get done(): boolean {
    return this.doneFlag;
  }

  get upstreamError(): UpstreamStreamError | undefined {
    return this.errorValue;
  }

  get deliveredCharacters(): number {
    return this.delivered.characters;
  }

  get deliveredSample(): string {
    return this.delivered.sample;
  }

  push(text: string): string {
    return this.translate(this.decoder.push(text));
  }

  end(): string {
    // [DONE] was already sent at message_stop; a cut stream gets nothing more from here.
    return this.translate(this.decoder.flush());
  }

  private translate(events: SseEvent[]): string {
    let output = '';
    for (const event of events) {
      if (this.finished) break;
      const parsed = parseEvent(event);
      if (parsed) output += this.handle(parsed);
    }
    return output;
  }

  private handle(event: AnthropicStreamEvent): string {
    switch (event.type) {
      case 'message_start':
        if (typeof event.message?.model === 'string' && event.message.model.length > 0) this.model = event.message.model;
        this.upstreamUsage = { ...event.message?.usage };
        return this.choiceChunk({ content: '' }, null);
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return this.blockDelta(event);
      case 'message_delta':
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        this.mergeUsage(event.usage);
        return '';
      case 'message_stop':
        return this.stop();
      case 'error':
        return this.fail(event.error);
      default:
        // ping, content_block_stop and event types added after this was written.
        return '';
    }
  }

  private startBlock(index: number, block: AnthropicResponseBlock): string {
    if (block.type === 'text') {
      this.blocks.set(index, { kind: 'text' });
      return this.textDelta('content', typeof block.text === 'string' ? block.text : '');
    }
    if (block.type === 'thinking') {
      this.blocks.set(index, { kind: 'thinking' });
      return this.textDelta('reasoning_content', typeof block.thinking === 'string' ? block.thinking : '');
    }
    if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      const toolIndex = this.toolCount++;
      this.blocks.set(index, { kind: 'tool', toolIndex });
      return this.choiceChunk(
        { tool_calls: [{ index: toolIndex, id: block.id, type: 'function', function: { name: block.name, arguments: '' } }] },
        null,
      );
    }
    // redacted_thinking and server tool blocks (whose input the server runs itself) stay hidden.
    this.blocks.set(index, { kind: 'ignored' });
    return '';
  }

  private blockDelta(event: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>): string {
    const block = this.blocks.get(event.index);
    const delta = event.delta;
    if (!block || !delta) return '';
    if (delta.type === 'text_delta' && block.kind === 'text') return this.textDelta('content', delta.text);
    if (delta.type === 'thinking_delta' && block.kind === 'thinking') return this.textDelta('reasoning_content', delta.thinking);
    if (delta.type === 'input_json_delta' && block.kind === 'tool') {
      if (typeof delta.partial_json !== 'string' || delta.partial_json.length === 0) return '';
      this.delivered.add(delta.partial_json);
      return this.choiceChunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] }, null);
    }
    // signature_delta and citations_delta have no OpenAI counterpart.
    return '';
  }

  private textDelta(field: 'content' | 'reasoning_content', text: unknown): string {
    if (typeof text !== 'string' || text.length === 0) return '';
    this.delivered.add(text);
    return this.choiceChunk(field === 'content' ? { content: text } : { reasoning_content: text }, null);
  }

  // message_delta usage is cumulative: each count present replaces the earlier one.
  private mergeUsage(usage: Partial<AnthropicUsage> | undefined): void {
    if (!usage) return;
    const merged: Partial<AnthropicUsage> = { ...this.upstreamUsage };
    for (const field of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
      const value = usage[field];
      if (typeof value === 'number') merged[field] = value;
    }
    this.upstreamUsage = merged;
  }

  private stop(): string {
    this.finished = true;
    this.doneFlag = true;
    let output = this.choiceChunk({}, mapAnthropicStopReason(this.stopReason));
    if (this.context.includeUsage) {
      output += this.chunk({ choices: [], usage: toOpenAIUsage(this.usage ?? emptyUsage()) });
    }
    return `${output}data: [DONE]\n\n`;
  }

  // OpenRouter's convention for an error after the stream began: a last chunk carrying `error`.
  private fail(error: { type?: unknown; message?: unknown } | undefined): string {
    this.finished = true;
    const message = typeof error?.message === 'string' && error.message.length > 0 ? error.message : 'Anthropic stream error';
    this.errorValue = typeof error?.type === 'string' ? { message, type: error.type } : { message };
    return this.choiceChunk({}, 'error', { error: this.errorValue });
  }

  private choiceChunk(delta: Delta, finishReason: FinishReason | null, extra: Partial<ChatCompletionChunk> = {}): string {
    const firstDelta: Delta = this.roleSent ? delta : { role: 'assistant', ...delta };
    this.roleSent = true;
    return this.chunk({ choices: [{ index: 0, delta: firstDelta, finish_reason: finishReason }], ...extra });
  }

  private chunk(fields: Pick<ChatCompletionChunk, 'choices'> & Partial<ChatCompletionChunk>): string {
    const chunk: ChatCompletionChunk = {
      id: this.context.id,
      object: 'chat.completion.chunk',
      created: this.context.created,
      model: this.model,
      ...fields,
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}

function parseEvent(event: SseEvent): AnthropicStreamEvent | undefined {
  if (event.data.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(event.data);
  } catch {
    // A garbled event is skipped; the stream's terminal event decides whether it completed.
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const type = (parsed as { type?: unknown }).type ?? event.event;
  return typeof type === 'string' ? ({ ...parsed, type } as AnthropicStreamEvent) : undefined;
}
