import type { NeutralFinishReason, StreamPart } from '../../exchange/stream-part';
import { emptyUsage, type TokenUsage } from '../../token-usage';
import { type ResponsesAnswerMeta, responsesResponseBase } from './responses-response-base';
import { responsesToolNamespaces } from './responses-tool-namespaces';
import type {
  ResponsesError,
  ResponsesItemStatus,
  ResponsesOutputItem,
  ResponsesOutputText,
  ResponsesResponse,
  ResponsesStreamEvent,
} from './responses-types';
import { toResponsesStreamFailure } from './to-responses-failure';
import { toResponsesUsage } from './to-responses-usage';

/** Receives each event as it happens, numbered; it must read (serialise) the event at once. */
export type ResponsesEventSink = (event: ResponsesStreamEvent & { sequence_number: number }) => void;

interface PendingToolCall {
  toolIndex: number;
  callId: string;
  name: string;
  argumentsText: string;
  ended: boolean;
}

type OpenItem =
  | { kind: 'message'; outputIndex: number; id: string; text: string }
  | { kind: 'reasoning'; outputIndex: number; id: string; text: string; signed: boolean }
  | ({ kind: 'tool'; outputIndex: number; id: string; custom: boolean } & PendingToolCall);

function outputText(text: string): ResponsesOutputText {
  return { type: 'output_text', annotations: [], logprobs: [], text };
}

/**
 * A custom tool's call went to the provider as a function with one string argument `input`;
 * its free-form input is that string. Arguments that are not such an object (a model that wrote
 * the input bare, or JSON cut by max_tokens) are the input as written: the client's tool judges.
 */
export function unwrapCustomToolInput(argumentsText: string): string {
  try {
    const value: unknown = JSON.parse(argumentsText);
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const input = (value as Record<string, unknown>).input;
      if (typeof input === 'string') return input;
      if (input !== undefined) return JSON.stringify(input);
    }
  } catch {
    // Not JSON: the input as the model wrote it.
  }
  return argumentsText;
}

/**
 * Builds a Responses answer's output items from parts, in the order the parts came: a run of
 * text is one `message` item, a run of reasoning one `reasoning` item (its text as a summary,
 * the form OpenAI shows reasoning in), every tool call a `function_call` or `custom_tool_call`
 * item. Items never interleave: an item opens when the kind of content changes and the open one
 * is done first; a tool call that starts while another is still streaming its arguments waits,
 * with its arguments, until that one ends. With a sink, it says each step as OpenAI's stream
 * events; without one it only builds (the whole answer), so both agree by construction.
 */
export class ResponsesOutputBuilder {
  private readonly meta: ResponsesAnswerMeta;
  private readonly emit: ResponsesEventSink | undefined;
  private readonly idSuffix: string;
  private readonly customToolNames: Set<string>;
  private readonly namespaces: Map<string, { namespace: string; name: string }>;
  private model: string;
  private sequence = 0;
  private started = false;
  private finished: ResponsesResponse | undefined;
  private readonly output: ResponsesOutputItem[] = [];
  private open: OpenItem | undefined;
  private readonly waiting: PendingToolCall[] = [];
  private usage: TokenUsage | undefined;
  /** The status items get when they are done: `incomplete` for those a cut answer ends. */
  private closingStatus: ResponsesItemStatus = 'completed';

  constructor(meta: ResponsesAnswerMeta, emit?: ResponsesEventSink) {
    this.meta = meta;
    this.emit = emit;
    this.model = meta.model;
    this.idSuffix = meta.id.startsWith('resp_') ? meta.id.slice('resp_'.length) : meta.id;
    this.customToolNames = new Set(meta.customToolNames);
    this.namespaces = responsesToolNamespaces(meta.request.tools);
  }

  /** The final response once the answer completed, was cut or failed; undefined before. */
  get response(): ResponsesResponse | undefined {
    return this.finished;
  }

  get ended(): boolean {
    return this.finished !== undefined;
  }

  get hasStarted(): boolean {
    return this.started;
  }

  /** `response.created` and `response.in_progress`, once. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.emit?.({ type: 'response.created', response: this.snapshot('in_progress'), sequence_number: this.sequence++ });
    this.emit?.({ type: 'response.in_progress', response: this.snapshot('in_progress'), sequence_number: this.sequence++ });
  }

  push(part: StreamPart): void {
    if (this.finished) return;
    switch (part.type) {
      case 'metadata':
        // The model already announced in `response.created` stays the answer's model.
        if (!this.started && part.model) this.model = part.model;
        return;
      case 'usage':
        this.usage = part.usage;
        return;
      case 'error':
        this.fail(toResponsesStreamFailure(part.error));
        return;
      case 'finish':
        this.finish(part.reason);
        return;
      case 'text-delta':
        if (part.text === '') return;
        this.start();
        this.textDelta(part.text);
        return;
      case 'reasoning-delta':
        if (part.text === '') return;
        this.start();
        this.reasoningDelta(part.text);
        return;
      case 'reasoning-signature':
        // Another provider's signature proves nothing to OpenAI; it only says a reasoning block
        // ended, so the next reasoning is a new item.
        if (this.open?.kind === 'reasoning') this.open.signed = true;
        return;
      case 'redacted-reasoning':
        // Opaque to everyone but Anthropic, and nothing a Responses client can show.
        return;
      case 'tool-call-start':
        this.start();
        this.toolCallStart(part.index, part.id, part.name);
        return;
      case 'tool-call-delta':
        this.toolCallDelta(part.index, part.argumentsDelta);
        return;
      case 'tool-call-end':
        this.toolCallEnd(part.index);
        return;
      default:
        return;
    }
  }

  /** The answer failed: `response.failed` with what was done so far. */
  fail(error: ResponsesError): void {
    if (this.finished) return;
    this.start();
    const response = this.snapshot('failed');
    response.error = error;
    response.usage = this.usage ? toResponsesUsage(this.usage) : null;
    this.finished = response;
    this.emit?.({ type: 'response.failed', response, sequence_number: this.sequence++ });
  }

  private finish(reason: NeutralFinishReason): void {
    this.start();
    const incomplete = reason === 'length' ? 'max_output_tokens' : reason === 'content-filter' ? 'content_filter' : undefined;
    if (incomplete) this.closingStatus = 'incomplete';
    // Decoders end every call before finish; a call left open or waiting is still written whole.
    if (this.open?.kind === 'tool') this.open.ended = true;
    for (const call of this.waiting) call.ended = true;
    this.flushWaiting();
    this.closeOpen();
    const response = this.snapshot(incomplete ? 'incomplete' : 'completed');
    if (incomplete) response.incomplete_details = { reason: incomplete };
    response.usage = toResponsesUsage(this.usage ?? emptyUsage());
    this.finished = response;
    this.emit?.({
      type: incomplete ? 'response.incomplete' : 'response.completed',
      response,
      sequence_number: this.sequence++,
    });
  }

  private snapshot(status: ResponsesResponse['status']): ResponsesResponse {
    const response = responsesResponseBase({ ...this.meta, model: this.model }, status);
    response.output = [...this.output];
    return response;
  }

  private itemId(prefix: string, outputIndex: number): string {
    return `${prefix}_${this.idSuffix}_${outputIndex}`;
  }

  private textDelta(text: string): void {
    let open = this.open;
    if (open?.kind !== 'message') {
      this.closeOpen();
      const outputIndex = this.output.length;
      open = { kind: 'message', outputIndex, id: this.itemId('msg', outputIndex), text: '' };
      this.open = open;
      const id = open.id;
      this.emit?.({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { type: 'message', id, status: 'in_progress', role: 'assistant', content: [] },
        sequence_number: this.sequence++,
      });
      this.emit?.({
        type: 'response.content_part.added',
        item_id: id,
        output_index: outputIndex,
        content_index: 0,
        part: outputText(''),
        sequence_number: this.sequence++,
      });
    }
    open.text += text;
    this.emit?.({
      type: 'response.output_text.delta',
      item_id: open.id,
      output_index: open.outputIndex,
      content_index: 0,
      delta: text,
      logprobs: [],
      sequence_number: this.sequence++,
    });
  }

  private reasoningDelta(text: string): void {
    let open = this.open;
    if (open?.kind !== 'reasoning' || open.signed) {
      this.closeOpen();
      const outputIndex = this.output.length;
      open = { kind: 'reasoning', outputIndex, id: this.itemId('rs', outputIndex), text: '', signed: false };
      this.open = open;
      const id = open.id;
      this.emit?.({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { type: 'reasoning', id, summary: [] },
        sequence_number: this.sequence++,
      });
      this.emit?.({
        type: 'response.reasoning_summary_part.added',
        item_id: id,
        output_index: outputIndex,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
        sequence_number: this.sequence++,
      });
    }
    open.text += text;
    this.emit?.({
      type: 'response.reasoning_summary_text.delta',
      item_id: open.id,
      output_index: open.outputIndex,
      summary_index: 0,
      delta: text,
      sequence_number: this.sequence++,
    });
  }

  private toolCallStart(toolIndex: number, callId: string, name: string): void {
    const call: PendingToolCall = { toolIndex, callId, name, argumentsText: '', ended: false };
    if (this.open?.kind === 'tool' && !this.open.ended) {
      this.waiting.push(call);
      return;
    }
    this.openToolCall(call);
  }

  private openToolCall(call: PendingToolCall): void {
    this.closeOpen();
    const outputIndex = this.output.length;
    const custom = this.customToolNames.has(call.name);
    const open: OpenItem = {
      kind: 'tool',
      outputIndex,
      id: this.itemId(custom ? 'ctc' : 'fc', outputIndex),
      custom,
      ...call,
    };
    this.open = open;
    const namespaced = this.namespaces.get(call.name);
    const name = namespaced?.name ?? call.name;
    const namespace = namespaced ? { namespace: namespaced.namespace } : {};
    this.emit?.({
      type: 'response.output_item.added',
      output_index: outputIndex,
      item: custom
        ? { type: 'custom_tool_call', id: open.id, status: 'in_progress', call_id: call.callId, name, input: '', ...namespace }
        : { type: 'function_call', id: open.id, status: 'in_progress', call_id: call.callId, name, arguments: '', ...namespace },
      sequence_number: this.sequence++,
    });
    // Arguments a waiting call gathered go out as one delta.
    if (!custom && call.argumentsText !== '') this.argumentsDelta(open, call.argumentsText);
    if (call.ended) this.closeOpen();
  }

  private argumentsDelta(open: OpenItem & { kind: 'tool' }, delta: string): void {
    this.emit?.({
      type: 'response.function_call_arguments.delta',
      item_id: open.id,
      output_index: open.outputIndex,
      delta,
      sequence_number: this.sequence++,
    });
  }

  private toolCallDelta(toolIndex: number, delta: string): void {
    if (delta === '') return;
    const open = this.open;
    if (open?.kind === 'tool' && open.toolIndex === toolIndex) {
      open.argumentsText += delta;
      // A custom tool's input is the `input` string inside the JSON arguments; unwrapping a JSON
      // string as it streams (escapes split across pieces, the key possibly late) is not worth
      // its risk, so its input goes out whole, as one delta, when the call ends.
      if (!open.custom) this.argumentsDelta(open, delta);
      return;
    }
    const waiting = this.waiting.find((call) => call.toolIndex === toolIndex);
    if (waiting) waiting.argumentsText += delta;
    // Arguments of a call whose item is already done cannot be sent any more; decoders do not
    // produce that order.
  }

  private toolCallEnd(toolIndex: number): void {
    if (this.open?.kind === 'tool' && this.open.toolIndex === toolIndex) {
      this.open.ended = true;
      this.closeOpen();
      this.flushWaiting();
      return;
    }
    const waiting = this.waiting.find((call) => call.toolIndex === toolIndex);
    if (waiting) waiting.ended = true;
  }

  /** Opens the waiting calls in turn while none is streaming; leaves an unfinished one open. */
  private flushWaiting(): void {
    while (this.waiting.length > 0 && (this.open === undefined || this.open.kind !== 'tool' || this.open.ended)) {
      this.openToolCall(this.waiting.shift() as PendingToolCall);
    }
  }

  /** The open item's closing events and its final form in `output`. */
  private closeOpen(): void {
    const open = this.open;
    if (!open) return;
    this.open = undefined;
    const status = this.closingStatus;
    const base = { item_id: open.id, output_index: open.outputIndex };
    let item: ResponsesOutputItem;
    if (open.kind === 'message') {
      const part = outputText(open.text);
      this.emit?.({
        type: 'response.output_text.done',
        ...base,
        content_index: 0,
        text: open.text,
        logprobs: [],
        sequence_number: this.sequence++,
      });
      this.emit?.({ type: 'response.content_part.done', ...base, content_index: 0, part, sequence_number: this.sequence++ });
      item = { type: 'message', id: open.id, status, role: 'assistant', content: [part] };
    } else if (open.kind === 'reasoning') {
      const part = { type: 'summary_text' as const, text: open.text };
      this.emit?.({
        type: 'response.reasoning_summary_text.done',
        ...base,
        summary_index: 0,
        text: open.text,
        sequence_number: this.sequence++,
      });
      this.emit?.({
        type: 'response.reasoning_summary_part.done',
        ...base,
        summary_index: 0,
        part,
        sequence_number: this.sequence++,
      });
      item = { type: 'reasoning', id: open.id, summary: [part] };
    } else {
      const namespaced = this.namespaces.get(open.name);
      const name = namespaced?.name ?? open.name;
      const namespace = namespaced ? { namespace: namespaced.namespace } : {};
      if (open.custom) {
        const input = unwrapCustomToolInput(open.argumentsText);
        if (input !== '') {
          this.emit?.({ type: 'response.custom_tool_call_input.delta', ...base, delta: input, sequence_number: this.sequence++ });
        }
        this.emit?.({ type: 'response.custom_tool_call_input.done', ...base, input, sequence_number: this.sequence++ });
        item = { type: 'custom_tool_call', id: open.id, status, call_id: open.callId, name, input, ...namespace };
      } else {
        this.emit?.({
          type: 'response.function_call_arguments.done',
          ...base,
          name,
          arguments: open.argumentsText,
          sequence_number: this.sequence++,
        });
        item = {
          type: 'function_call',
          id: open.id,
          status,
          call_id: open.callId,
          name,
          arguments: open.argumentsText,
          ...namespace,
        };
      }
    }
    this.output.push(item);
    this.emit?.({ type: 'response.output_item.done', output_index: open.outputIndex, item, sequence_number: this.sequence++ });
  }
}
