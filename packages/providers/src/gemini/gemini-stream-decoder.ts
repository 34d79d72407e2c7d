import type { NeutralFinishReason, StreamPart, StreamPartsDecoder, TokenUsage } from '@switchboard/protocol';
import { SseDecoder, type SseEvent } from '../sse/sse-decoder';
import { convertGeminiUsage } from './convert-gemini-usage';
import type { GeminiErrorBody, GeminiGenerateContentResponse } from './gemini-api';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { newToolCallId } from './new-tool-call-id';
import { readGeminiError } from './read-gemini-error';

/**
 * `streamGenerateContent?alt=sse` -> parts. Every event is a whole GenerateContentResponse with
 * the next piece of each candidate; only the first candidate is an answer the parts can carry.
 * Gemini sends no terminal event: the answer is complete once the candidate has a finishReason,
 * and usageMetadata repeats with growing counts, so the finish is given when the stream closes,
 * after the last counts.
 */
export class GeminiStreamDecoder implements StreamPartsDecoder {
  private readonly sse = new SseDecoder();
  private metadataGiven = false;
  private toolCalls = 0;
  private usage: TokenUsage | undefined;
  private finishReason: NeutralFinishReason | undefined;
  /** After an error, or once the finish was given. */
  private ended = false;

  push(text: string): StreamPart[] {
    return this.decode(this.sse.push(text));
  }

  end(): StreamPart[] {
    const parts = this.decode(this.sse.flush());
    if (!this.ended && this.finishReason !== undefined) {
      this.ended = true;
      if (this.usage) parts.push({ type: 'usage', usage: this.usage });
      parts.push({ type: 'finish', reason: this.finishReason });
    }
    return parts;
  }

  private decode(events: SseEvent[]): StreamPart[] {
    const parts: StreamPart[] = [];
    for (const event of events) {
      if (this.ended) break;
      this.handle(event.data, parts);
    }
    return parts;
  }

  private handle(data: string, parts: StreamPart[]): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return;
    }
    if (!parsed || typeof parsed !== 'object') return;
    if ('error' in parsed && this.finishReason === undefined) {
      this.ended = true;
      const details = readGeminiError(parsed as GeminiErrorBody);
      parts.push({ type: 'error', error: details ?? { message: 'Gemini reported an error inside the stream' } });
      return;
    }
    const response = parsed as GeminiGenerateContentResponse;
    if (!this.metadataGiven) {
      this.metadataGiven = true;
      if (response.responseId || response.modelVersion) {
        parts.push({ type: 'metadata', id: response.responseId || undefined, model: response.modelVersion || undefined });
      }
    }
    if (response.usageMetadata) {
      this.usage = convertGeminiUsage(response.usageMetadata);
      parts.push({ type: 'usage', usage: this.usage });
    }
    // The candidate finished: only later counts still belong to the answer.
    if (this.finishReason !== undefined) return;

    const candidates = Array.isArray(response.candidates) ? response.candidates : [];
    // A blocked prompt gets one event with promptFeedback and no candidates at all.
    if (candidates.length === 0 && response.promptFeedback?.blockReason) {
      this.finishReason = 'content-filter';
      return;
    }
    const candidate = candidates.find((each, position) => (each.index ?? position) === 0);
    if (!candidate) return;
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall) {
        // Gemini sends a call whole and without an id; OpenAI-shaped clients match results by one.
        const index = this.toolCalls++;
        parts.push({ type: 'tool-call-start', index, id: newToolCallId(), name: part.functionCall.name });
        parts.push({ type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(part.functionCall.args ?? {}) });
        parts.push({ type: 'tool-call-end', index });
      } else if (typeof part.text === 'string' && part.text.length > 0) {
        parts.push(
          part.thought === true ? { type: 'reasoning-delta', text: part.text } : { type: 'text-delta', text: part.text },
        );
      }
      // Gemini's thoughtSignature signs Gemini's own context, not an Anthropic thinking block.
    }
    if (candidate.finishReason) this.finishReason = mapGeminiFinishReason(candidate.finishReason, this.toolCalls > 0);
  }
}
