import { toUtf8 } from '@smithy/util-utf8';
import type { NeutralFinishReason, StreamPart, StreamPartsDecoder, TokenUsage } from '@switchboard/protocol';
import { AnthropicStreamDecoder } from '../anthropic/anthropic-stream-decoder';
import type { BedrockUsage } from './bedrock-api';
import { convertBedrockUsage } from './convert-bedrock-usage';
import { EventStreamFrames, headerText } from './event-stream-frames';
import { mapBedrockStopReason } from './map-bedrock-stop-reason';

interface ConverseStreamPayload {
  /** InvokeModel's stream: base64 of one Anthropic stream event's JSON. */
  bytes?: string;
  contentBlockIndex?: number;
  start?: { toolUse?: { toolUseId?: string; name?: string } };
  delta?: {
    text?: string;
    toolUse?: { input?: string };
    reasoningContent?: { text?: string; signature?: string; redactedContent?: string };
  };
  stopReason?: string;
  usage?: BedrockUsage;
  message?: string;
  Message?: string;
}

/**
 * ConverseStream's binary event stream -> parts. The events: messageStart, then per content
 * block contentBlockStart (tool use only) / contentBlockDelta* / contentBlockStop, then
 * messageStop (the stop reason) and metadata (usage). The finish is given after the metadata,
 * so usage comes first; a stream that closes after messageStop without metadata still finishes.
 * An exception frame (`:message-type` exception: throttlingException, validationException,
 * modelStreamErrorException, ...) ends the answer with an error part. InvokeModel's stream
 * (Claude for Messages clients) is `chunk` events, each the base64 of one Anthropic stream
 * event, handed to the anthropic adapter's decoder as the SSE event it would have been.
 */
export class BedrockStreamDecoder implements StreamPartsDecoder {
  private readonly frames = new EventStreamFrames();
  /** Content block index -> tool call index, for the blocks that are tool uses. */
  private readonly toolCalls = new Map<number, number>();
  private openToolCalls = new Set<number>();
  private usage: TokenUsage | undefined;
  private finishReason: NeutralFinishReason | undefined;
  private ended = false;
  /** InvokeModel's `chunk` events carry Anthropic's stream, read by the anthropic adapter's decoder. */
  private anthropic: AnthropicStreamDecoder | undefined;

  push(text: string): StreamPart[] {
    const parts: StreamPart[] = [];
    if (this.ended) return parts;
    for (const message of this.frames.push(text)) {
      this.handle(message.headers, message.body, parts);
      if (this.ended) break;
    }
    return parts;
  }

  end(): StreamPart[] {
    if (this.anthropic && !this.ended) return this.anthropic.end();
    const parts: StreamPart[] = [];
    if (!this.ended && this.finishReason !== undefined) this.finish(parts);
    return parts;
  }

  private handle(headers: Parameters<typeof headerText>[0]['headers'], body: Uint8Array, parts: StreamPart[]): void {
    const message = { headers, body };
    const messageType = headerText(message, ':message-type');
    let payload: ConverseStreamPayload = {};
    try {
      const text = toUtf8(body);
      if (text.length > 0) payload = JSON.parse(text) as ConverseStreamPayload;
    } catch {
      // An unreadable payload carries nothing we can use; the frame's type may still.
    }
    if (messageType === 'exception' || messageType === 'error') {
      const type = headerText(message, ':exception-type') ?? headerText(message, ':error-code') ?? 'error';
      const text =
        payload.message ??
        payload.Message ??
        headerText(message, ':error-message') ??
        'Bedrock reported an error inside the stream';
      this.closeToolCalls(parts);
      this.ended = true;
      parts.push({ type: 'error', error: { message: text, type, code: type } });
      return;
    }
    const eventType = headerText(message, ':event-type');
    switch (eventType) {
      case 'chunk': {
        if (typeof payload.bytes !== 'string') break;
        const event = Buffer.from(payload.bytes, 'base64').toString('utf8');
        let type = 'unknown';
        try {
          type = String((JSON.parse(event) as { type?: unknown }).type);
        } catch {
          break;
        }
        this.anthropic ??= new AnthropicStreamDecoder();
        for (const part of this.anthropic.push(`event: ${type}\ndata: ${event}\n\n`)) {
          parts.push(part);
          if (part.type === 'finish' || part.type === 'error') this.ended = true;
        }
        break;
      }
      case 'contentBlockStart': {
        const toolUse = payload.start?.toolUse;
        if (toolUse && typeof payload.contentBlockIndex === 'number') {
          const index = this.toolCalls.size;
          this.toolCalls.set(payload.contentBlockIndex, index);
          this.openToolCalls.add(index);
          parts.push({ type: 'tool-call-start', index, id: String(toolUse.toolUseId ?? ''), name: String(toolUse.name ?? '') });
        }
        break;
      }
      case 'contentBlockDelta': {
        const delta = payload.delta;
        if (!delta) break;
        if (typeof delta.text === 'string' && delta.text.length > 0) parts.push({ type: 'text-delta', text: delta.text });
        const reasoning = delta.reasoningContent;
        if (reasoning) {
          if (typeof reasoning.text === 'string' && reasoning.text.length > 0)
            parts.push({ type: 'reasoning-delta', text: reasoning.text });
          if (typeof reasoning.signature === 'string')
            parts.push({ type: 'reasoning-signature', signature: reasoning.signature });
          if (typeof reasoning.redactedContent === 'string')
            parts.push({ type: 'redacted-reasoning', data: reasoning.redactedContent });
        }
        const input = delta.toolUse?.input;
        const index = typeof payload.contentBlockIndex === 'number' ? this.toolCalls.get(payload.contentBlockIndex) : undefined;
        if (typeof input === 'string' && input.length > 0 && index !== undefined && this.openToolCalls.has(index)) {
          parts.push({ type: 'tool-call-delta', index, argumentsDelta: input });
        }
        break;
      }
      case 'contentBlockStop': {
        const index = typeof payload.contentBlockIndex === 'number' ? this.toolCalls.get(payload.contentBlockIndex) : undefined;
        if (index !== undefined && this.openToolCalls.delete(index)) parts.push({ type: 'tool-call-end', index });
        break;
      }
      case 'messageStop':
        this.closeToolCalls(parts);
        this.finishReason = mapBedrockStopReason(payload.stopReason);
        break;
      case 'metadata':
        if (payload.usage) {
          this.usage = convertBedrockUsage(payload.usage);
          parts.push({ type: 'usage', usage: this.usage });
        }
        if (this.finishReason !== undefined) this.finish(parts, false);
        break;
      default:
      // messageStart and events added later carry nothing the parts say.
    }
  }

  private closeToolCalls(parts: StreamPart[]): void {
    for (const index of this.openToolCalls) parts.push({ type: 'tool-call-end', index });
    this.openToolCalls = new Set();
  }

  private finish(parts: StreamPart[], repeatUsage = true): void {
    this.ended = true;
    if (repeatUsage && this.usage) parts.push({ type: 'usage', usage: this.usage });
    parts.push({ type: 'finish', reason: this.finishReason ?? 'other' });
  }
}
