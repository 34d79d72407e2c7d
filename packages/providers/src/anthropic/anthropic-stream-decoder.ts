import type { StreamPart, StreamPartsDecoder } from '@switchboard/protocol';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder';
import type { AnthropicResponseBlock, AnthropicStreamEvent, AnthropicUsage } from './anthropic-api';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason';

/** What a content block index turned out to be; tool blocks remember their tool call ordinal. */
type BlockKind =
  | { kind: 'text' }
  | { kind: 'thinking' }
  | { kind: 'tool'; toolIndex: number; open: boolean }
  | { kind: 'ignored' };

/**
 * Anthropic Messages SSE -> parts. Anthropic names blocks by their position in the message and
 * parts number tool calls on their own, so block indexes are mapped. The stop reason arrives in
 * message_delta but the finish is given at message_stop, so a stream cut in between never
 * claims to have finished.
 */
export class AnthropicStreamDecoder implements StreamPartsDecoder {
  private readonly sse = new SseDecoder();
  private readonly blocks = new Map<number, BlockKind>();
  private toolCount = 0;
  private stopReason: string | null = null;
  private stopSequence: string | null = null;
  private usage: Partial<AnthropicUsage> | undefined;
  private metadataGiven = false;
  /** After message_stop or an error event: anything later is not part of this answer. */
  private finished = false;

  push(text: string): StreamPart[] {
    return this.decode(this.sse.push(text));
  }

  end(): StreamPart[] {
    // A final event without its closing blank line still counts; a cut stream gets no finish.
    return this.decode(this.sse.flush());
  }

  private decode(events: SseEvent[]): StreamPart[] {
    const parts: StreamPart[] = [];
    for (const event of events) {
      if (this.finished) break;
      const text = event.event === 'content_block_delta' ? textDeltaOf(event.data) : undefined;
      if (text !== undefined) {
        const block = this.blocks.get(text.index);
        if (block?.kind === 'text' && text.text.length > 0) parts.push({ type: 'text-delta', text: text.text });
        continue;
      }
      const parsed = parseEvent(event);
      if (parsed) this.handle(parsed, parts);
    }
    return parts;
  }

  private handle(event: AnthropicStreamEvent, parts: StreamPart[]): void {
    switch (event.type) {
      case 'message_start': {
        const message = event.message;
        if (!this.metadataGiven) {
          this.metadataGiven = true;
          parts.push({ type: 'metadata', id: nonEmpty(message?.id), model: nonEmpty(message?.model) });
        }
        this.usage = { ...message?.usage };
        parts.push({ type: 'usage', usage: convertAnthropicUsage(this.usage) });
        return;
      }
      case 'content_block_start':
        this.startBlock(event.index, event.content_block, parts);
        return;
      case 'content_block_delta':
        this.blockDelta(event, parts);
        return;
      case 'content_block_stop': {
        const block = this.blocks.get(event.index);
        if (block?.kind === 'tool') this.endTool(block, parts);
        return;
      }
      case 'message_delta':
        if (event.delta?.stop_reason) this.stopReason = event.delta.stop_reason;
        if (typeof event.delta?.stop_sequence === 'string') this.stopSequence = event.delta.stop_sequence;
        if (event.usage) {
          this.mergeUsage(event.usage);
          parts.push({ type: 'usage', usage: convertAnthropicUsage(this.usage) });
        }
        return;
      case 'message_stop':
        this.stop(parts);
        return;
      case 'error':
        this.fail(event.error, parts);
        return;
      default:
        // ping and event types added after this was written.
        return;
    }
  }

  private startBlock(index: number, block: AnthropicResponseBlock | undefined, parts: StreamPart[]): void {
    if (typeof index !== 'number' || !block) return;
    if (block.type === 'text') {
      this.blocks.set(index, { kind: 'text' });
      if (typeof block.text === 'string' && block.text.length > 0) parts.push({ type: 'text-delta', text: block.text });
    } else if (block.type === 'thinking') {
      this.blocks.set(index, { kind: 'thinking' });
      if (typeof block.thinking === 'string' && block.thinking.length > 0) {
        parts.push({ type: 'reasoning-delta', text: block.thinking });
      }
    } else if (block.type === 'redacted_thinking') {
      this.blocks.set(index, { kind: 'ignored' });
      if (typeof block.data === 'string') parts.push({ type: 'redacted-reasoning', data: block.data });
    } else if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      const toolIndex = this.toolCount++;
      this.blocks.set(index, { kind: 'tool', toolIndex, open: true });
      parts.push({ type: 'tool-call-start', index: toolIndex, id: block.id, name: block.name });
    } else {
      // Server tool blocks (whose input the server runs itself) and future block types.
      this.blocks.set(index, { kind: 'ignored' });
    }
  }

  private blockDelta(event: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>, parts: StreamPart[]): void {
    const block = this.blocks.get(event.index);
    const delta = event.delta;
    if (!block || !delta) return;
    if (delta.type === 'text_delta' && block.kind === 'text') {
      if (typeof delta.text === 'string' && delta.text.length > 0) parts.push({ type: 'text-delta', text: delta.text });
    } else if (delta.type === 'thinking_delta' && block.kind === 'thinking') {
      if (typeof delta.thinking === 'string' && delta.thinking.length > 0) {
        parts.push({ type: 'reasoning-delta', text: delta.thinking });
      }
    } else if (delta.type === 'signature_delta' && block.kind === 'thinking') {
      if (typeof delta.signature === 'string') parts.push({ type: 'reasoning-signature', signature: delta.signature });
    } else if (delta.type === 'input_json_delta' && block.kind === 'tool' && block.open) {
      if (typeof delta.partial_json === 'string' && delta.partial_json.length > 0) {
        parts.push({ type: 'tool-call-delta', index: block.toolIndex, argumentsDelta: delta.partial_json });
      }
    }
    // citations_delta and deltas of ignored blocks carry nothing the parts name.
  }

  private endTool(block: Extract<BlockKind, { kind: 'tool' }>, parts: StreamPart[]): void {
    if (!block.open) return;
    block.open = false;
    parts.push({ type: 'tool-call-end', index: block.toolIndex });
  }

  // message_delta usage is cumulative: each count present replaces the earlier one.
  private mergeUsage(usage: Partial<AnthropicUsage>): void {
    const merged: Partial<AnthropicUsage> = { ...this.usage };
    for (const field of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
      const value = usage[field];
      if (typeof value === 'number') merged[field] = value;
    }
    if (usage.cache_creation && typeof usage.cache_creation === 'object') merged.cache_creation = usage.cache_creation;
    this.usage = merged;
  }

  private stop(parts: StreamPart[]): void {
    this.finished = true;
    // A block whose content_block_stop never came still ends before the answer does.
    for (const block of this.blocks.values()) if (block.kind === 'tool') this.endTool(block, parts);
    parts.push({ type: 'usage', usage: convertAnthropicUsage(this.usage) });
    const reason = mapAnthropicStopReason(this.stopReason);
    parts.push(
      reason === 'stop-sequence' && this.stopSequence !== null
        ? { type: 'finish', reason, stopSequence: this.stopSequence }
        : { type: 'finish', reason },
    );
  }

  private fail(error: { type?: unknown; message?: unknown } | undefined, parts: StreamPart[]): void {
    this.finished = true;
    const message = typeof error?.message === 'string' && error.message.length > 0 ? error.message : 'Anthropic stream error';
    parts.push({ type: 'error', error: typeof error?.type === 'string' ? { message, type: error.type } : { message } });
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
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
  const typed = parsed as { type?: unknown };
  // A fresh object: named in place rather than copied.
  typed.type ??= event.event;
  return typeof typed.type === 'string' ? (parsed as AnthropicStreamEvent) : undefined;
}

/** A text delta exactly as Anthropic spells it; any other spelling goes to the full parse. */
const TEXT_DELTA =
  /^\{"type":"content_block_delta","index":(\d{1,6}),"delta":\{"type":"text_delta","text":"((?:[^"\\]|\\.)*)"\}\}$/;

/** The most frequent event of a Messages stream, read without JSON.parse. */
function textDeltaOf(data: string): { index: number; text: string } | undefined {
  const match = TEXT_DELTA.exec(data);
  if (match === null) return undefined;
  const raw = match[2]!;
  if (!raw.includes('\\')) return { index: Number(match[1]), text: raw };
  try {
    return { index: Number(match[1]), text: JSON.parse(`"${raw}"`) as string };
  } catch {
    return undefined;
  }
}
