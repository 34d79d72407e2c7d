import type { ChatCompletionChunk, ChatCompletionChunkChoice, FinishReason, TokenUsage } from '@switchboard/protocol';
import { toOpenAIUsage } from '@switchboard/protocol';
import type { StreamContext, StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { SampledText } from '../sampled-text';
import { SseDecoder } from '../sse/sse-decoder';
import { convertGeminiUsage } from './convert-gemini-usage';
import type { GeminiCandidate, GeminiErrorBody, GeminiGenerateContentResponse } from './gemini-api';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';
import { newToolCallId } from './new-tool-call-id';
import { readGeminiError } from './read-gemini-error';

type Delta = ChatCompletionChunkChoice['delta'];

interface CandidateState {
  started: boolean;
  toolCalls: number;
  finished: boolean;
}

const DONE_EVENT = 'data: [DONE]\n\n';

/**
 * Translates `streamGenerateContent?alt=sse`: every event is a whole GenerateContentResponse
 * holding the next piece of each candidate. Gemini sends no terminal event; a candidate is
 * complete once it carries a finishReason, and usageMetadata repeats with growing counts.
 */
export class GeminiStreamTranslator implements StreamTranslator {
  usage: TokenUsage | undefined;
  done = false;
  upstreamError: UpstreamStreamError | undefined;
  private readonly delivered = new SampledText();

  get deliveredCharacters(): number {
    return this.delivered.characters;
  }

  get deliveredSample(): string {
    return this.delivered.sample;
  }
  private readonly decoder = new SseDecoder();
  private readonly candidates = new Map<number, CandidateState>();
  private model: string;

  constructor(private readonly context: StreamContext) {
    this.model = context.model;
  }

  push(text: string): string {
    let output = '';
    for (const event of this.decoder.push(text)) output += this.handle(event.data);
    return output;
  }

  end(): string {
    let output = '';
    for (const event of this.decoder.flush()) output += this.handle(event.data);
    if (!this.done) return output;
    if (this.context.includeUsage && this.usage) output += this.emit([], { usage: toOpenAIUsage(this.usage) });
    return output + DONE_EVENT;
  }

  private handle(data: string): string {
    if (this.upstreamError) return '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(data);
    } catch {
      return '';
    }
    if (!parsed || typeof parsed !== 'object') return '';
    if ('error' in parsed) return this.handleError(parsed as GeminiErrorBody);

    const response = parsed as GeminiGenerateContentResponse;
    if (response.modelVersion) this.model = response.modelVersion;
    if (response.usageMetadata) this.usage = convertGeminiUsage(response.usageMetadata);

    const candidates = response.candidates ?? [];
    // A blocked prompt gets one event with promptFeedback and no candidates at all.
    if (candidates.length === 0 && response.promptFeedback?.blockReason) {
      const state = this.stateFor(0);
      return state.finished ? '' : this.finish(0, state, 'content_filter');
    }
    // Every candidate of the event counts before any of them may complete the answer.
    for (const [position, candidate] of candidates.entries()) this.stateFor(candidate.index ?? position);
    let output = '';
    for (const [position, candidate] of candidates.entries()) output += this.handleCandidate(candidate, position);
    return output;
  }

  private handleCandidate(candidate: GeminiCandidate, position: number): string {
    const index = candidate.index ?? position;
    const state = this.stateFor(index);
    if (state.finished) return '';

    const deltas: Delta[] = [];
    for (const part of candidate.content?.parts ?? []) {
      const last = deltas.at(-1);
      if (part.functionCall) {
        const serialized = JSON.stringify(part.functionCall.args ?? {});
        this.delivered.add(serialized);
        deltas.push({
          tool_calls: [
            {
              index: state.toolCalls++,
              id: newToolCallId(),
              type: 'function',
              function: { name: part.functionCall.name, arguments: serialized },
            },
          ],
        });
      } else if (typeof part.text === 'string' && part.text.length > 0) {
        this.delivered.add(part.text);
        // Neighbouring parts of one kind go out as one delta.
        if (part.thought === true) {
          if (last && typeof last.reasoning_content === 'string') last.reasoning_content += part.text;
          else deltas.push({ reasoning_content: part.text });
        } else if (last && typeof last.content === 'string') last.content += part.text;
        else deltas.push({ content: part.text });
      }
    }

    let output = '';
    for (const delta of deltas) output += this.emitDelta(index, state, delta, null);
    if (candidate.finishReason) {
      output += this.finish(index, state, mapGeminiFinishReason(candidate.finishReason, state.toolCalls > 0));
    }
    return output;
  }

  private stateFor(index: number): CandidateState {
    let state = this.candidates.get(index);
    if (!state) {
      state = { started: false, toolCalls: 0, finished: false };
      this.candidates.set(index, state);
    }
    return state;
  }

  /** The answer is complete once every candidate seen so far has finished. */
  private finish(index: number, state: CandidateState, finishReason: FinishReason): string {
    state.finished = true;
    this.done = [...this.candidates.values()].every((each) => each.finished);
    return this.emitDelta(index, state, {}, finishReason);
  }

  private handleError(body: GeminiErrorBody): string {
    const details = readGeminiError(body);
    this.upstreamError = details ?? { message: 'Gemini reported an error inside the stream' };
    this.done = false;
    const error = { message: this.upstreamError.message, type: this.upstreamError.type, code: this.upstreamError.code ?? null };
    return this.emit([{ index: 0, delta: {}, finish_reason: 'error' }], { error });
  }

  private emitDelta(
    index: number,
    state: CandidateState,
    delta: Delta,
    finishReason: ChatCompletionChunkChoice['finish_reason'],
  ): string {
    // OpenAI clients expect the role on the first chunk of each choice.
    const withRole: Delta = state.started ? delta : { role: 'assistant', ...delta };
    state.started = true;
    return this.emit([{ index, delta: withRole, finish_reason: finishReason }]);
  }

  private emit(choices: ChatCompletionChunkChoice[], extra: Partial<ChatCompletionChunk> = {}): string {
    const chunk: ChatCompletionChunk = {
      id: this.context.id,
      object: 'chat.completion.chunk',
      created: this.context.created,
      model: this.model,
      choices,
      ...extra,
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
