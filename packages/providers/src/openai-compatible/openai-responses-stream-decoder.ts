import type { StreamErrorDetails, StreamPart, StreamPartsDecoder } from '@switchboard/protocol';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder';
import { sseEventLimit } from '../sse/sse-event-limit';
import { convertOpenAIResponsesUsage } from './convert-openai-responses-usage';
import { mapOpenAIResponsesFinish } from './map-openai-responses-finish';
import { readOpenAIResponsesError } from './read-openai-responses-error';

type StreamEvent = Record<string, unknown> & { type?: unknown };

/** A function or custom tool call as the upstream names it, and as the parts number it. */
interface OpenToolCall {
  index: number;
  open: boolean;
  /** Argument (or custom input) text already given as deltas. */
  deltaSeen: boolean;
}

/**
 * OpenAI Responses SSE (`response.*` events with a sequence_number, no `[DONE]`) -> parts, read on
 * the side of a native stream for usage, finish and errors, and for the delivered text:
 * output_text (and refusal) deltas are text, reasoning summary (and raw reasoning) deltas are
 * reasoning, function_call and custom_tool_call items are tool calls fed by their argument or
 * input deltas. `response.completed` and `response.incomplete` end the answer with the usage
 * then the finish; `response.failed` and an `error` event end it with an error part. A stream
 * that closes before any of those was cut and never finishes.
 */
export class OpenAIResponsesStreamDecoder implements StreamPartsDecoder {
  private readonly sse: SseDecoder;
  /** By output item id, falling back to the output index for events that name none. */
  private readonly toolCalls = new Map<string, OpenToolCall>();
  private toolCallCount = 0;
  private metadataGiven = false;
  private refused = false;
  /** The summary part a reasoning item is on: a new part starts a new paragraph. */
  private readonly summaryIndex = new Map<string, number>();
  private finished = false;

  /**
   * `maximumEventLength` defaults to the process-wide SSE event limit. The terminal event repeats
   * the whole response object (output, instructions and tools echoed), so a caller relaying long
   * answers may pass the whole-answer limit instead.
   */
  constructor(maximumEventLength = sseEventLimit()) {
    this.sse = new SseDecoder(maximumEventLength);
  }

  push(text: string): StreamPart[] {
    return this.decode(this.sse.push(text));
  }

  end(): StreamPart[] {
    return this.decode(this.sse.flush());
  }

  private decode(events: SseEvent[]): StreamPart[] {
    const parts: StreamPart[] = [];
    for (const event of events) {
      if (this.finished) break;
      const delta = textDeltaOf(event.data);
      if (delta !== undefined) {
        this.text(delta, parts);
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        continue;
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) continue;
      const data = parsed as StreamEvent;
      // The `type` inside the data is the event's name; the `event:` line repeats it.
      this.handle(typeof data.type === 'string' ? data.type : (event.event ?? ''), data, parts);
    }
    return parts;
  }

  private handle(type: string, event: StreamEvent, parts: StreamPart[]): void {
    if (type === 'response.created' || type === 'response.in_progress' || type === 'response.queued') {
      this.metadata(event.response, parts);
      return;
    }
    switch (type) {
      case 'response.output_text.delta':
        this.text(event.delta, parts);
        return;
      case 'response.refusal.delta':
        this.refused = true;
        this.text(event.delta, parts);
        return;
      case 'response.reasoning_summary_text.delta':
        this.reasoning(event, parts);
        return;
      case 'response.reasoning_text.delta':
        if (typeof event.delta === 'string' && event.delta.length > 0) parts.push({ type: 'reasoning-delta', text: event.delta });
        return;
      case 'response.output_item.added':
        this.itemAdded(event, parts);
        return;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        this.toolDelta(event, event.delta, parts);
        return;
      case 'response.function_call_arguments.done':
        this.toolDone(event, event.arguments, parts);
        return;
      case 'response.custom_tool_call_input.done':
        this.toolDone(event, event.input, parts);
        return;
      case 'response.output_item.done':
        this.itemDone(event, parts);
        return;
      case 'response.completed':
      case 'response.incomplete':
        this.complete(event.response, parts);
        return;
      case 'response.failed':
        this.failed(event.response, parts);
        return;
      case 'error':
        this.fail(readOpenAIResponsesError(event) ?? { message: 'upstream stream error', code: null }, parts);
        return;
      default:
      // Hosted-tool progress, annotations, content_part and summary_part events carry no part.
    }
  }

  private metadata(response: unknown, parts: StreamPart[]): void {
    if (this.metadataGiven) return;
    this.metadataGiven = true;
    if (!response || typeof response !== 'object') return;
    const { id, model } = response as { id?: unknown; model?: unknown };
    const named = {
      id: typeof id === 'string' && id.length > 0 ? id : undefined,
      model: typeof model === 'string' && model.length > 0 ? model : undefined,
    };
    if (named.id !== undefined || named.model !== undefined) parts.push({ type: 'metadata', ...named });
  }

  /** Metadata comes before content or not at all: content without a created event closes it. */
  private beforeContent(): void {
    this.metadataGiven = true;
  }

  private text(delta: unknown, parts: StreamPart[]): void {
    this.beforeContent();
    if (typeof delta === 'string' && delta.length > 0) parts.push({ type: 'text-delta', text: delta });
  }

  private reasoning(event: StreamEvent, parts: StreamPart[]): void {
    this.beforeContent();
    if (typeof event.delta !== 'string' || event.delta.length === 0) return;
    const item = typeof event.item_id === 'string' ? event.item_id : String(event.output_index ?? '');
    const summaryIndex = typeof event.summary_index === 'number' ? event.summary_index : 0;
    const previous = this.summaryIndex.get(item);
    if (previous !== undefined && previous !== summaryIndex) parts.push({ type: 'reasoning-delta', text: '\n\n' });
    this.summaryIndex.set(item, summaryIndex);
    parts.push({ type: 'reasoning-delta', text: event.delta });
  }

  private itemKey(event: StreamEvent, item?: Record<string, unknown>): string {
    const id = item?.id ?? event.item_id;
    if (typeof id === 'string' && id.length > 0) return id;
    return `#${String(event.output_index ?? '')}`;
  }

  private isToolItem(item: unknown): item is Record<string, unknown> {
    return (
      !!item &&
      typeof item === 'object' &&
      ((item as StreamEvent).type === 'function_call' || (item as StreamEvent).type === 'custom_tool_call')
    );
  }

  private startTool(key: string, item: Record<string, unknown>, parts: StreamPart[]): OpenToolCall {
    this.beforeContent();
    const call: OpenToolCall = { index: this.toolCallCount++, open: true, deltaSeen: false };
    this.toolCalls.set(key, call);
    const callId = typeof item.call_id === 'string' && item.call_id.length > 0 ? item.call_id : `call_${call.index}`;
    parts.push({ type: 'tool-call-start', index: call.index, id: callId, name: typeof item.name === 'string' ? item.name : '' });
    return call;
  }

  private itemAdded(event: StreamEvent, parts: StreamPart[]): void {
    const item = event.item;
    if (!this.isToolItem(item)) return;
    const key = this.itemKey(event, item);
    if (this.toolCalls.has(key)) return;
    this.startTool(key, item, parts);
  }

  private toolDelta(event: StreamEvent, delta: unknown, parts: StreamPart[]): void {
    const call = this.toolCalls.get(this.itemKey(event));
    if (!call?.open || typeof delta !== 'string' || delta.length === 0) return;
    call.deltaSeen = true;
    parts.push({ type: 'tool-call-delta', index: call.index, argumentsDelta: delta });
  }

  /** A server that sends the whole arguments only in the `done` event still delivers them. */
  private toolDone(event: StreamEvent, whole: unknown, parts: StreamPart[]): void {
    const call = this.toolCalls.get(this.itemKey(event));
    if (!call?.open || call.deltaSeen) return;
    this.toolDelta(event, whole, parts);
  }

  private itemDone(event: StreamEvent, parts: StreamPart[]): void {
    const item = event.item;
    if (!this.isToolItem(item)) return;
    const key = this.itemKey(event, item);
    // An item seen only when done (no `added` before it) is a whole call at once.
    const call = this.toolCalls.get(key) ?? this.startTool(key, item, parts);
    if (!call.open) return;
    if (!call.deltaSeen)
      this.toolDelta({ ...event, item_id: key }, item.type === 'function_call' ? item.arguments : item.input, parts);
    call.open = false;
    parts.push({ type: 'tool-call-end', index: call.index });
  }

  private closeTools(parts: StreamPart[]): void {
    for (const call of this.toolCalls.values()) {
      if (call.open) parts.push({ type: 'tool-call-end', index: call.index });
      call.open = false;
    }
  }

  private complete(response: unknown, parts: StreamPart[]): void {
    this.metadata(response, parts);
    this.closeTools(parts);
    const body = (response && typeof response === 'object' ? response : {}) as Record<string, unknown>;
    const usage = convertOpenAIResponsesUsage(body.usage);
    if (usage) parts.push({ type: 'usage', usage });
    const details = body.incomplete_details as { reason?: unknown } | null | undefined;
    const toolCalled =
      this.toolCallCount > 0 || (Array.isArray(body.output) && body.output.some((item) => this.isToolItem(item)));
    parts.push({
      type: 'finish',
      reason: mapOpenAIResponsesFinish({
        status: typeof body.status === 'string' ? body.status : undefined,
        incompleteReason: typeof details?.reason === 'string' ? details.reason : undefined,
        toolCalled,
        refused: this.refused,
      }),
    });
    this.finished = true;
  }

  private failed(response: unknown, parts: StreamPart[]): void {
    this.metadata(response, parts);
    const body = (response && typeof response === 'object' ? response : {}) as Record<string, unknown>;
    // A failed answer may still report what it used, which is billed.
    const usage = convertOpenAIResponsesUsage(body.usage);
    if (usage) parts.push({ type: 'usage', usage });
    this.fail(readOpenAIResponsesError(body.error) ?? { message: 'The upstream response failed', code: null }, parts);
  }

  private fail(error: StreamErrorDetails, parts: StreamPart[]): void {
    this.finished = true;
    parts.push({ type: 'error', error });
  }
}

/**
 * An output_text delta as OpenAI spells it (ids and numbers, then the delta, then at most empty
 * logprobs and such plain fields): the most frequent event, read without JSON.parse. Any other
 * spelling goes to the full parse.
 */
const TEXT_DELTA =
  /^\{"type":"response\.output_text\.delta",(?:"[a-z_]+":(?:\d+|"[\w-]*"),)*"delta":"((?:[^"\\]|\\.)*)"(?:,"[a-z_]+":(?:\d+|"[\w-]*"|\[\]|null))*\}$/;

function textDeltaOf(data: string): string | undefined {
  const match = TEXT_DELTA.exec(data);
  if (match === null) return undefined;
  const raw = match[1]!;
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}
