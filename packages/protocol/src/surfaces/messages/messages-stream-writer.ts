import type { StreamErrorDetails, StreamPart, SurfaceStreamWriter } from '../../exchange/stream-part';
import type { TokenUsage } from '../../token-usage';
import type {
  AnthropicContentBlock,
  AnthropicContentDelta,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './anthropic-messages-types';
import { toAnthropicErrorType } from './to-anthropic-error-type';
import { toAnthropicStopReason } from './to-anthropic-stop-reason';
import { toAnthropicUsage } from './to-anthropic-usage';
import { UNSIGNED_THINKING_SIGNATURE } from './unsigned-thinking-signature';

export interface MessagesStreamWriterOptions {
  /** The gateway-made `msg_...` id. */
  id: string;
  /** Reported unless a `metadata` part names the upstream's model before the first event. */
  model: string;
  /** Shown in `message_start`, before the upstream has counted anything. */
  inputTokensEstimate: number;
}

interface PendingToolCall {
  index: number;
  id: string;
  name: string;
  argumentsText: string;
  ended: boolean;
}

type OpenBlock =
  | { kind: 'text' | 'redacted'; index: number }
  | { kind: 'thinking'; index: number; signed: boolean }
  | { kind: 'tool'; index: number; toolIndex: number; ended: boolean };

function event(body: AnthropicStreamEvent): string {
  return `event: ${body.type}\ndata: ${JSON.stringify(body)}\n\n`;
}

/**
 * Writes parts as Anthropic's stream, in the order the real API sends it: `message_start`,
 * `ping`, then for each content block `content_block_start`, its deltas and
 * `content_block_stop`, then one `message_delta` (stop reason and final usage) and
 * `message_stop`. Blocks never interleave: a block opens when the kind of content changes (text,
 * thinking, each tool call) and the open one closes first. A tool call that starts while another
 * is still streaming its arguments waits, with its arguments, until that one ends.
 */
export class MessagesStreamWriter implements SurfaceStreamWriter {
  private readonly id: string;
  private model: string;
  private readonly inputTokensEstimate: number;
  private started = false;
  private ended = false;
  private nextBlockIndex = 0;
  private open: OpenBlock | undefined;
  private readonly waitingToolCalls: PendingToolCall[] = [];
  private calledTools = false;
  private usage: TokenUsage | undefined;

  constructor(options: MessagesStreamWriterOptions) {
    this.id = options.id;
    this.model = options.model;
    this.inputTokensEstimate = options.inputTokensEstimate;
  }

  write(parts: readonly StreamPart[]): string {
    let out = '';
    for (const part of parts) {
      if (this.ended) break;
      out += this.writePart(part);
    }
    return out;
  }

  fail(error: StreamErrorDetails): string {
    if (this.ended) return '';
    this.ended = true;
    return event({ type: 'error', error: { type: toAnthropicErrorType(error), message: error.message } });
  }

  keepAlive(): string {
    if (this.ended) return '';
    // The opening already ends with a ping.
    if (!this.started) return this.start();
    return event({ type: 'ping' });
  }

  private writePart(part: StreamPart): string {
    switch (part.type) {
      case 'metadata':
        if (!this.started && part.model) this.model = part.model;
        return '';
      case 'usage':
        this.usage = part.usage;
        return '';
      case 'error':
        return this.fail(part.error);
      case 'finish':
        return this.finish(part.reason, part.stopSequence);
      default:
        return this.start() + this.writeContent(part);
    }
  }

  private start(): string {
    if (this.started) return '';
    this.started = true;
    const message = {
      id: this.id,
      type: 'message' as const,
      role: 'assistant' as const,
      model: this.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      // Anthropic's message_start counts the input and one output token already.
      usage: {
        input_tokens: this.inputTokensEstimate,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 1,
      },
    };
    return event({ type: 'message_start', message }) + event({ type: 'ping' });
  }

  private writeContent(part: StreamPart): string {
    switch (part.type) {
      case 'text-delta': {
        if (part.text === '') return '';
        let out = '';
        if (this.open?.kind !== 'text') out += this.openBlock({ type: 'text', text: '' }, { kind: 'text' });
        return out + this.delta({ type: 'text_delta', text: part.text });
      }
      case 'reasoning-delta': {
        if (part.text === '') return '';
        let out = '';
        // Reasoning after a signature is a new block: the signature covers what came before.
        if (this.open?.kind !== 'thinking' || this.open.signed) out += this.openThinking();
        return out + this.delta({ type: 'thinking_delta', thinking: part.text });
      }
      case 'reasoning-signature': {
        let out = '';
        // A thinking block can be a signature alone (Anthropic sends those around tool use).
        if (this.open?.kind !== 'thinking' || this.open.signed) out += this.openThinking();
        if (this.open?.kind === 'thinking') this.open.signed = true;
        return out + this.delta({ type: 'signature_delta', signature: part.signature });
      }
      case 'redacted-reasoning':
        return this.openBlock({ type: 'redacted_thinking', data: part.data }, { kind: 'redacted' }) + this.closeBlock();
      case 'tool-call-start':
        return this.startToolCall(part.index, part.id, part.name);
      case 'tool-call-delta':
        return this.toolCallDelta(part.index, part.argumentsDelta);
      case 'tool-call-end':
        return this.endToolCall(part.index);
      default:
        return '';
    }
  }

  private openThinking(): string {
    return this.openBlock({ type: 'thinking', thinking: '', signature: '' }, { kind: 'thinking', signed: false });
  }

  private openBlock(
    block: AnthropicContentBlock,
    open: { kind: 'text' | 'redacted' } | { kind: 'thinking'; signed: boolean } | { kind: 'tool'; toolIndex: number },
  ): string {
    const out = this.closeBlock();
    const index = this.nextBlockIndex++;
    this.open = open.kind === 'tool' ? { kind: 'tool', index, toolIndex: open.toolIndex, ended: false } : { ...open, index };
    return out + event({ type: 'content_block_start', index, content_block: block });
  }

  private delta(delta: AnthropicContentDelta): string {
    if (!this.open) return '';
    return event({ type: 'content_block_delta', index: this.open.index, delta });
  }

  /** Closes the open block; a thinking block nobody signed gets the unsigned marker first. */
  private closeBlock(): string {
    const open = this.open;
    if (!open) return '';
    this.open = undefined;
    let out = '';
    if (open.kind === 'thinking' && !open.signed) {
      out += event({
        type: 'content_block_delta',
        index: open.index,
        delta: { type: 'signature_delta', signature: UNSIGNED_THINKING_SIGNATURE },
      });
    }
    return out + event({ type: 'content_block_stop', index: open.index });
  }

  private startToolCall(toolIndex: number, id: string, name: string): string {
    this.calledTools = true;
    if (this.open?.kind === 'tool' && !this.open.ended) {
      this.waitingToolCalls.push({ index: toolIndex, id, name, argumentsText: '', ended: false });
      return '';
    }
    return this.openToolBlock(toolIndex, id, name);
  }

  private openToolBlock(toolIndex: number, id: string, name: string): string {
    return this.openBlock({ type: 'tool_use', id, name, input: {} }, { kind: 'tool', toolIndex });
  }

  private toolCallDelta(toolIndex: number, argumentsDelta: string): string {
    if (argumentsDelta === '') return '';
    if (this.open?.kind === 'tool' && this.open.toolIndex === toolIndex) {
      return this.delta({ type: 'input_json_delta', partial_json: argumentsDelta });
    }
    const waiting = this.waitingToolCalls.find((call) => call.index === toolIndex);
    if (waiting) waiting.argumentsText += argumentsDelta;
    // Arguments of a call whose block already closed (content of another kind came between)
    // cannot be sent any more in Anthropic's order; decoders do not produce that order.
    return '';
  }

  private endToolCall(toolIndex: number): string {
    if (this.open?.kind === 'tool' && this.open.toolIndex === toolIndex) {
      this.open.ended = true;
      return this.flushWaitingToolCalls();
    }
    const waiting = this.waitingToolCalls.find((call) => call.index === toolIndex);
    if (waiting) waiting.ended = true;
    return '';
  }

  /** Opens the waiting calls in turn while the open one has ended; leaves an unfinished one open. */
  private flushWaitingToolCalls(): string {
    let out = '';
    while (this.waitingToolCalls.length > 0 && (this.open === undefined || this.open.kind !== 'tool' || this.open.ended)) {
      const call = this.waitingToolCalls.shift() as PendingToolCall;
      out += this.openToolBlock(call.index, call.id, call.name);
      if (call.argumentsText !== '') out += this.delta({ type: 'input_json_delta', partial_json: call.argumentsText });
      if (call.ended && this.open?.kind === 'tool') this.open.ended = true;
    }
    return out;
  }

  private finish(reason: Parameters<typeof toAnthropicStopReason>[0], stopSequence: string | undefined): string {
    let out = this.start();
    // Decoders end every call before finish; a call left waiting is still written whole.
    if (this.open?.kind === 'tool') this.open.ended = true;
    for (const call of this.waitingToolCalls) call.ended = true;
    out += this.flushWaitingToolCalls() + this.closeBlock();
    this.ended = true;
    const stopReason = toAnthropicStopReason(reason, { calledTools: this.calledTools, stopSequence });
    out += event({
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (stopSequence ?? null) : null },
      usage: this.finalUsage(),
    });
    return out + event({ type: 'message_stop' });
  }

  private finalUsage(): AnthropicUsage {
    if (this.usage) return toAnthropicUsage(this.usage);
    return {
      input_tokens: this.inputTokensEstimate,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 0,
    };
  }
}
