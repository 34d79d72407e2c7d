import type { AdapterId, ChatMessage } from '@switchboard/protocol';

// `inputEstimate`: a deliberately cheap estimate for routing and context-window checks (expected cost):
// four characters per token for text, a flat allowance per image and per message. Billing never
// uses it: it reads the provider's reported usage.
const CHARACTERS_PER_TOKEN = 4;
const TOKENS_PER_MESSAGE = 4;
const TOKENS_PER_IMAGE = 765;

export function estimateChatInputTokens(messages: ChatMessage[], tools: unknown): number {
  let characters = 0;
  let tokens = 0;
  for (const message of messages) {
    tokens += TOKENS_PER_MESSAGE;
    const content = message.content;
    if (typeof content === 'string') characters += content.length;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text' && typeof part.text === 'string') characters += part.text.length;
        else if (part.type === 'image_url') tokens += TOKENS_PER_IMAGE;
      }
    }
    if (message.tool_calls) characters += JSON.stringify(message.tool_calls).length;
  }
  if (tools !== undefined) characters += JSON.stringify(tools).length;
  return tokens + Math.ceil(characters / CHARACTERS_PER_TOKEN);
}

export function estimateEmbeddingInputTokens(input: unknown): number {
  if (typeof input === 'string') return Math.ceil(input.length / CHARACTERS_PER_TOKEN);
  if (!Array.isArray(input)) return 0;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') tokens += Math.ceil(item.length / CHARACTERS_PER_TOKEN);
    else if (typeof item === 'number') tokens += 1;
    else if (Array.isArray(item)) tokens += item.length;
  }
  return tokens;
}

/**
 * What `inputUpperBound` (DESIGN contract 4) is computed from: one walk over the prompt, no
 * tokenizer. `bytes` is the UTF-8 length of every string and object key outside media parts
 * (keys stand in for the per-message role and separator tokens: "role", "content" and the role
 * name alone are 15 bytes, where the chat templates add 3 to 7 tokens a message).
 */
export interface InputSize {
  bytes: number;
  images: number;
  files: number;
  /** UTF-8 bytes of the files' inline data (a PDF's text can be as long as the file). */
  fileBytes: number;
  /** Some block asks for an Anthropic prompt-cache write (`cache_control`). */
  cacheWrite: boolean;
  tools: boolean;
}

const IMAGE_PART_TYPES = new Set(['image_url', 'image', 'input_image']);
const FILE_PART_TYPES = new Set(['file', 'document', 'input_file']);

function walk(value: unknown, size: InputSize, inFile: boolean): void {
  if (typeof value === 'string') {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (inFile) size.fileBytes += bytes;
    else size.bytes += bytes;
    return;
  }
  if (typeof value !== 'object' || value === null) {
    if (typeof value === 'number' || typeof value === 'boolean') size.bytes += 8;
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) walk(item, size, inFile);
    return;
  }
  const object = value as Record<string, unknown>;
  const type = object.type;
  if (typeof type === 'string' && !inFile) {
    // An image costs its documented maximum whatever its bytes: its base64 data is not text.
    if (IMAGE_PART_TYPES.has(type)) {
      size.images += 1;
      if (object.cache_control !== undefined) size.cacheWrite = true;
      return;
    }
    if (FILE_PART_TYPES.has(type)) {
      size.files += 1;
      if (object.cache_control !== undefined) size.cacheWrite = true;
      walk(Object.values(object), size, true);
      return;
    }
  }
  for (const key in object) {
    if (key === 'cache_control') size.cacheWrite = true;
    if (!inFile) size.bytes += key.length;
    walk(object[key], size, inFile);
  }
}

/**
 * Measures a prompt for `inputUpperBound`: pass what goes upstream as input (messages, system,
 * tools, or the whole body of a native surface). Audio (`input_audio`) counts by the bytes of its
 * base64 data, which bounds it: the providers bill audio by duration (Gemini 32 tokens a second,
 * OpenAI about 10), and every codec spends well over 32 bytes a second.
 */
export function measureInputSize(...prompt: unknown[]): InputSize {
  const size: InputSize = { bytes: 0, images: 0, files: 0, fileBytes: 0, cacheWrite: false, tools: false };
  for (const part of prompt) walk(part, size, false);
  return size;
}

/**
 * The most tokens one image can bill, by the provider's documentation: Anthropic scales images
 * above about 1.15 megapixels down to ~1,600 tokens (Vision guide: tokens = width x height / 750);
 * Gemini 2.5 bills 258 tokens per 768 x 768 tile of an image scaled to fit 3072 x 3072 (16 tiles);
 * OpenAI's patch models bill at most 1,536 patches times the model's multiplier (1.72 for o4-mini:
 * 2,642), its tile models 85 + 170 per 512 px tile of a 2048 x 768 image (1,445 for GPT-4o), except
 * GPT-4o mini, which bills 2,833 + 5,667 per tile (48,169) at a price a 33rd of GPT-4o's.
 */
function imageMaximumTokens(adapter: AdapterId, upstreamModel: string): number {
  if (adapter === 'anthropic') return 1_600;
  if (adapter === 'gemini') return 16 * 258;
  if (upstreamModel.includes('gpt-4o-mini')) return 48_169;
  return 2_642;
}

/**
 * The most one file (a PDF) can bill beside its text: each page is also read as an image.
 * Anthropic and OpenAI take at most 100 pages a request; Gemini bills 258 tokens a page for up to
 * 1,000 pages. A file sent by URL or id has no bytes here: its text is bounded by Anthropic's
 * "1,500 to 3,000 tokens per page" at 3,000.
 */
function fileMaximumTokens(adapter: AdapterId, upstreamModel: string, inline: boolean): number {
  const pages = adapter === 'gemini' ? 1_000 : 100;
  const perPage = adapter === 'gemini' ? 258 : imageMaximumTokens(adapter, upstreamModel);
  return pages * (perPage + (inline ? 0 : 3_000));
}

/** Anthropic's tool-use system prompt, added when tools are sent: 530 tokens at most (Claude 3 Opus; 346 on Claude 4). */
const TOOL_SYSTEM_PROMPT_TOKENS = 530;
/** Reply priming and the message template's fixed tokens. */
const FIXED_OVERHEAD_TOKENS = 16;

/**
 * `inputUpperBound` (DESIGN contract 4) for one attempt: never below what the provider bills for
 * the prompt. Text is bounded by its UTF-8 bytes because every tokenizer these providers use is a
 * byte-level BPE (a token covers at least one byte): a 3,000-character Chinese prompt is 9,000
 * bytes against about 3,000 billed tokens, English about 4 bytes a token. Linear, no tokenizer:
 * this is what budgets and TPM reserve, while `inputEstimate` stays for routing and the
 * context-window check.
 */
export function inputUpperBound(size: InputSize, adapter: AdapterId, upstreamModel: string): number {
  return (
    FIXED_OVERHEAD_TOKENS +
    size.bytes +
    (size.tools ? TOOL_SYSTEM_PROMPT_TOKENS : 0) +
    size.images * imageMaximumTokens(adapter, upstreamModel) +
    size.fileBytes +
    size.files * fileMaximumTokens(adapter, upstreamModel, size.fileBytes > 0)
  );
}
