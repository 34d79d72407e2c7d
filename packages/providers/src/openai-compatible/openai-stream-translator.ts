import { type ChatCompletionChunk, chatErrorFrame, type TokenUsage } from '@switchboard/protocol';
import type { StreamContext, StreamTranslator, UpstreamStreamError } from '../provider-adapter';
import { SampledText } from '../sampled-text';
import { SseDecoder } from '../sse/sse-decoder';
import { convertOpenAIUsage } from './convert-openai-usage';

const DONE_EVENT = 'data: [DONE]\n\n';

/**
 * Pass-through for OpenAI-shaped streams: each upstream event is forwarded byte for byte; the
 * translator only reads it to pick out usage, errors and the end. What the gateway asked for
 * billing is hidden from a client that did not ask for usage: the usage-only chunk is dropped,
 * and `"usage": null` on the other chunks too (the OpenRouter SDK rejects it). An upstream error
 * chunk goes out as the choices-less error frame OpenAI itself sends, so every SDK raises it.
 */
export class OpenAIStreamTranslator implements StreamTranslator {
  usage: TokenUsage | undefined;
  done = false;
  upstreamError: UpstreamStreamError | undefined;
  upstreamId: string | undefined;
  private readonly delivered = new SampledText();

  get deliveredCharacters(): number {
    return this.delivered.characters;
  }

  get deliveredSample(): string {
    return this.delivered.sample;
  }
  private readonly decoder = new SseDecoder();
  private sawDone = false;
  private sawFinishReason = false;

  constructor(private readonly context: StreamContext) {}

  push(text: string): string {
    let output = '';
    for (const event of this.decoder.push(text)) output += this.handle(event.data, event.raw);
    return output;
  }

  end(): string {
    let output = '';
    for (const event of this.decoder.flush()) output += this.handle(event.data, `${event.raw.trimEnd()}\n\n`);
    // Some servers end with a finish_reason and close without [DONE]: that answer is complete.
    if (!this.sawDone && this.sawFinishReason && !this.upstreamError) {
      this.done = true;
      output += DONE_EVENT;
    }
    return output;
  }

  private handle(data: string, raw: string): string {
    if (this.sawDone) return '';
    if (data === '[DONE]') {
      this.sawDone = true;
      this.done = !this.upstreamError;
      return DONE_EVENT;
    }
    // Most chunks are one text delta: read with a few substring checks, forwarded as they came.
    if (this.upstreamId !== undefined) {
      const scanned = scanContentChunk(data);
      if (scanned !== undefined) {
        if (scanned.content !== undefined) this.delivered.add(scanned.content);
        if (scanned.nullUsage === undefined || this.context.includeUsage) return raw;
        return `data: ${data.slice(0, scanned.nullUsage.start)}${data.slice(scanned.nullUsage.end)}\n\n`;
      }
    }
    let chunk: ChatCompletionChunk;
    try {
      chunk = JSON.parse(data) as ChatCompletionChunk;
    } catch {
      return '';
    }
    if (chunk.error) {
      this.upstreamError = {
        message: typeof chunk.error.message === 'string' ? chunk.error.message : 'upstream stream error',
        type: chunk.error.type,
        code: chunk.error.code == null ? null : String(chunk.error.code),
      };
      return chatErrorFrame(this.upstreamError);
    }
    if (this.upstreamId === undefined && typeof chunk.id === 'string' && chunk.id.length > 0) this.upstreamId = chunk.id;
    const usage = convertOpenAIUsage(chunk.usage);
    if (usage) this.usage = usage;
    const choices = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) {
      if (usage && !this.context.includeUsage) return '';
      return this.withoutNullUsage(chunk, raw);
    }
    for (const choice of choices) {
      const delta = choice.delta;
      if (delta) {
        if (typeof delta.content === 'string') this.delivered.add(delta.content);
        if (typeof delta.reasoning_content === 'string') this.delivered.add(delta.reasoning_content);
        if (delta.tool_calls) {
          for (const call of delta.tool_calls) this.delivered.add(call.function?.arguments ?? '');
        }
      }
      // Legacy completions chunks (relayed by the same translator) carry `text` instead of a delta.
      const text = (choice as { text?: unknown }).text;
      if (typeof text === 'string') this.delivered.add(text);
      if (choice.finish_reason) this.sawFinishReason = true;
    }
    return this.withoutNullUsage(chunk, raw);
  }

  private withoutNullUsage(chunk: ChatCompletionChunk, raw: string): string {
    if (chunk.usage !== null || this.context.includeUsage) return raw;
    // Re-encoded only when it carries the field; every other event keeps its bytes.
    const { usage: _hidden, ...visible } = chunk;
    return `data: ${JSON.stringify(visible)}\n\n`;
  }
}

interface ScannedChunk {
  /** The delta's text, when it has some. */
  content: string | undefined;
  /** Where `"usage":null` and one comma next to it sit in the data, to cut it out. */
  nullUsage: { start: number; end: number } | undefined;
}

/**
 * The keys the scan looks at, found in one pass: those it reads (`finish_reason`, `usage`,
 * `content`) and those whose chunks only the full parse reads (an error, tool calls, reasoning,
 * legacy `text`).
 */
const KEYS = /"(finish_reason|usage|content|error|tool_calls|reasoning[a-z_]*|text)"/g;

/**
 * Reads an ordinary chat chunk without JSON.parse: one choice, `finish_reason` null, no usage
 * figures, no error, no tool call or reasoning, at most a string `content`. Undefined for any
 * other chunk (or any spelling it is unsure of): the caller parses that one. A key spelled inside
 * a string value can only add an occurrence, which sends the chunk to the parse, never past it.
 */
function scanContentChunk(data: string): ScannedChunk | undefined {
  if (data.charCodeAt(0) !== 123 /* { */ || data.charCodeAt(data.length - 1) !== 125 /* } */) return undefined;
  let finish = -1;
  let usage = -1;
  let key = -1;
  KEYS.lastIndex = 0;
  for (let match = KEYS.exec(data); match !== null; match = KEYS.exec(data)) {
    const name = match[1];
    if (name === 'finish_reason' && finish === -1) finish = KEYS.lastIndex;
    else if (name === 'usage' && usage === -1) usage = KEYS.lastIndex;
    else if (name === 'content' && key === -1) key = KEYS.lastIndex;
    else return undefined;
  }
  if (finish === -1 || !data.startsWith('null', valueStart(data, finish))) return undefined;

  let nullUsage: ScannedChunk['nullUsage'];
  if (usage !== -1) {
    const value = valueStart(data, usage);
    if (!data.startsWith('null', value)) return undefined;
    if (data.charCodeAt(usage - 8) === 44 /* , */) nullUsage = { start: usage - 8, end: value + 4 };
    else if (data.charCodeAt(value + 4) === 44) nullUsage = { start: usage - 7, end: value + 5 };
    else return undefined;
  }

  let content: string | undefined;
  if (key !== -1) {
    const value = valueStart(data, key);
    if (data.charCodeAt(value) === 34 /* " */) {
      const close = closingQuote(data, value + 1);
      if (close === -1) return undefined;
      const text = data.slice(value + 1, close);
      if (!text.includes('\\')) content = text;
      else {
        try {
          content = JSON.parse(`"${text}"`) as string;
        } catch {
          // Not JSON after all: the full parse decides (and drops it).
          return undefined;
        }
      }
    } else if (!data.startsWith('null', value)) return undefined;
  }
  return { content, nullUsage };
}

/** Past the colon (and any whitespace around it) that follows a key ending at `from`; -1 if none. */
function valueStart(data: string, from: number): number {
  let index = skipSpace(data, from);
  if (data.charCodeAt(index) !== 58 /* : */) return -1;
  index = skipSpace(data, index + 1);
  return index;
}

function skipSpace(data: string, from: number): number {
  let index = from;
  for (;;) {
    const code = data.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) return index;
    index++;
  }
}

/** The quote that ends a JSON string whose text starts at `from` (one not escaped), or -1. */
function closingQuote(data: string, from: number): number {
  let quote = data.indexOf('"', from);
  while (quote !== -1) {
    let backslashes = 0;
    while (data.charCodeAt(quote - 1 - backslashes) === 92 /* \\ */) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = data.indexOf('"', quote + 1);
  }
  return -1;
}
