import {
  chatErrorFrame,
  SSE_KEEP_ALIVE_COMMENT,
  type StreamErrorDetails,
  type StreamPart,
  type SurfaceStreamWriter,
  type TokenUsage,
  toOpenAIUsage,
} from '@switchboard/protocol';
import { type CompletionFinishReason, type CompletionIdentity, toCompletionFinishReason } from './completions-conversion';

/** Parts -> legacy completions SSE (`data: {text_completion}` events ending with [DONE]). */
export class CompletionsStreamWriter implements SurfaceStreamWriter {
  private model: string;
  private usage: TokenUsage | undefined;
  private echoPending: string | undefined;
  private ended = false;

  constructor(
    private readonly identity: CompletionIdentity,
    /** The prompt, sent first when the client asked for `echo`. */
    echo: string | undefined,
    private readonly includeUsage: boolean,
  ) {
    this.model = identity.model;
    this.echoPending = echo;
  }

  write(parts: readonly StreamPart[]): string {
    let output = '';
    for (const part of parts) {
      if (this.ended) break;
      if (part.type === 'metadata') {
        if (part.model) this.model = part.model;
      } else if (part.type === 'text-delta') {
        if (part.text.length > 0) output += this.chunk(part.text, null);
      } else if (part.type === 'usage') {
        this.usage = part.usage;
      } else if (part.type === 'finish') {
        output += this.chunk('', toCompletionFinishReason(part.reason));
        if (this.includeUsage && this.usage) output += this.event({ choices: [], usage: toOpenAIUsage(this.usage) });
        output += 'data: [DONE]\n\n';
        this.ended = true;
      } else if (part.type === 'error') {
        output += this.fail(part.error);
      }
    }
    return output;
  }

  fail(error: StreamErrorDetails): string {
    if (this.ended) return '';
    this.ended = true;
    return chatErrorFrame(error);
  }

  keepAlive(): string {
    return SSE_KEEP_ALIVE_COMMENT;
  }

  private chunk(text: string, finishReason: CompletionFinishReason | null): string {
    const echoed = this.echoPending ?? '';
    this.echoPending = undefined;
    return this.event({ choices: [{ text: echoed + text, index: 0, logprobs: null, finish_reason: finishReason }] });
  }

  private event(fields: Record<string, unknown>): string {
    const chunk = {
      id: this.identity.id,
      object: 'text_completion',
      created: this.identity.created,
      model: this.model,
      ...fields,
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
