import { SSE_KEEP_ALIVE_COMMENT } from '../../exchange/sse-keep-alive-comment';
import type { StreamErrorDetails, StreamPart, SurfaceStreamWriter } from '../../exchange/stream-part';
import type { ChatCompletionChunk, ChatCompletionChunkChoice, FinishReason } from '../../openai-chat-types';
import { emptyUsage, type TokenUsage, toOpenAIUsage } from '../../token-usage';
import { chatErrorFrame } from './chat-error-frame';
import { toOpenAIFinishReason } from './to-openai-finish-reason';

export interface ChatStreamWriterOptions {
  /** The `id` every chunk carries (`chatcmpl-...`). */
  id: string;
  /** Unix seconds, on every chunk. */
  created: number;
  /** Model reported until a `metadata` part names the upstream's. */
  model: string;
  /** The client asked for `stream_options.include_usage`: one usage-only chunk before [DONE]. */
  includeUsage: boolean;
}

type Delta = ChatCompletionChunkChoice['delta'];

/** Parts -> Chat Completions SSE (`data: {chat.completion.chunk}` events ending with [DONE]). */
export class ChatStreamWriter implements SurfaceStreamWriter {
  private model: string;
  private roleSent = false;
  private usage: TokenUsage | undefined;
  /** After finish, an error or fail(): nothing more belongs to this stream. */
  private ended = false;

  constructor(private readonly options: ChatStreamWriterOptions) {
    this.model = options.model;
  }

  write(parts: readonly StreamPart[]): string {
    let output = '';
    for (const part of parts) {
      if (this.ended) break;
      output += this.writePart(part);
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

  private writePart(part: StreamPart): string {
    switch (part.type) {
      case 'metadata':
        if (typeof part.model === 'string' && part.model.length > 0) this.model = part.model;
        return '';
      case 'text-delta':
        return part.text.length > 0 ? this.choiceChunk({ content: part.text }, null) : '';
      case 'reasoning-delta':
        return part.text.length > 0 ? this.choiceChunk({ reasoning_content: part.text }, null) : '';
      case 'tool-call-start':
        return this.choiceChunk(
          { tool_calls: [{ index: part.index, id: part.id, type: 'function', function: { name: part.name, arguments: '' } }] },
          null,
        );
      case 'tool-call-delta':
        if (part.argumentsDelta.length === 0) return '';
        return this.choiceChunk({ tool_calls: [{ index: part.index, function: { arguments: part.argumentsDelta } }] }, null);
      case 'usage':
        this.usage = part.usage;
        return '';
      case 'finish':
        return this.finish(toOpenAIFinishReason(part.reason));
      case 'error':
        return this.fail(part.error);
      default:
        // Signatures, redacted thinking and tool-call ends have no Chat Completions counterpart.
        return '';
    }
  }

  private finish(reason: FinishReason): string {
    this.ended = true;
    let output = this.choiceChunk({}, reason);
    if (this.options.includeUsage) output += this.chunk({ choices: [], usage: toOpenAIUsage(this.usage ?? emptyUsage()) });
    return `${output}data: [DONE]\n\n`;
  }

  private choiceChunk(delta: Delta, finishReason: FinishReason | null): string {
    // OpenAI clients expect the role on the first delta of the choice.
    const withRole: Delta = this.roleSent ? delta : { role: 'assistant', ...delta };
    this.roleSent = true;
    return this.chunk({ choices: [{ index: 0, delta: withRole, finish_reason: finishReason }] });
  }

  private chunk(fields: Pick<ChatCompletionChunk, 'choices'> & Partial<ChatCompletionChunk>): string {
    const chunk: ChatCompletionChunk = {
      id: this.options.id,
      object: 'chat.completion.chunk',
      created: this.options.created,
      model: this.model,
      ...fields,
    };
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }
}
