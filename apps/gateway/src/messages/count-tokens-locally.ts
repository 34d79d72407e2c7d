import type { CountTokensBody, MessagesContentBlock } from './count-tokens-body';

// The tokenizer: gpt-tokenizer (o200k_base, the encoding of GPT-4o and later OpenAI models),
// chosen over js-tiktoken after a comparison on this machine (Node 20, 363 KB of varied
// TypeScript): both are pure JS, MIT-licensed, maintained and give identical o200k counts, but
// gpt-tokenizer counted 3 to 5 times faster (0.4 to 1.2 ms per KB against 2 to 4.8), loaded its
// ranks in 0.35 s instead of 1.3 s, offers each OpenAI encoding as its own import, and is already
// the project's tokenizer (packages/usage), so the ranks load once per process. js-tiktoken's one
// advantage, a smaller install (22 MB against 55 MB with every encoding), matters little on a
// server. No library ships
// Claude's, Gemini's or DeepSeek's tokenizer: those providers' own counters are preferred, and
// o200k is the nearest public stand-in for the rest.
type Tokenizer = typeof import('gpt-tokenizer');

let tokenizer: Promise<Tokenizer> | undefined;

/**
 * Documented allowances for what a tokenizer cannot see. An image: Anthropic bills about
 * width x height / 750 tokens and scales images down to 1.15 megapixels, so 1,600 is the most
 * one image costs; counting the maximum keeps a context-window check on the safe side. A
 * document (PDF) without a text source: its pages are read as text plus an image each, about
 * 1,500 to 3,000 tokens per page by Anthropic's guidance; the page count is unknown without
 * parsing the file, so one dense page's 3,000 stands in.
 */
export const TOKENS_PER_IMAGE = 1_600;
export const TOKENS_PER_DOCUMENT = 3_000;
/** Role and turn framing per message, as OpenAI's chat accounting counts it. */
export const TOKENS_PER_MESSAGE = 3;
/**
 * The system prompt Anthropic adds when tools are present (346 tokens for `auto` or `none` on
 * current Claude models, 313 for `any` or `tool`); other providers add a similar preamble.
 */
export const TOKENS_FOR_TOOL_USE = 346;
/**
 * Above this many characters of text, evenly spread windows of this total size are tokenized and
 * the count scaled to the whole. BPE costs about 0.3 to 1 ms per KB on this project's machines,
 * so an exact count of a 400 KB Claude Code prompt (its tool definitions alone pass the limit)
 * would hold the event loop for a tenth of a second or more; the sample's error (1 to 3 % on
 * code and prose) is far below the gap between o200k and the tokenizer of any model it stands
 * in for. Below the limit the count is exact.
 */
export const EXACT_CHARACTER_LIMIT = 32 * 1024;
const SAMPLE_WINDOWS = 16;

interface Tally {
  texts: string[];
  fixed: number;
}

function addBlocks(tally: Tally, content: string | MessagesContentBlock[] | null | undefined): void {
  if (typeof content === 'string') {
    tally.texts.push(content);
    return;
  }
  if (!Array.isArray(content)) return;
  for (const block of content) addBlock(tally, block);
}

function addBlock(tally: Tally, block: MessagesContentBlock): void {
  switch (block.type) {
    case 'text':
      if (typeof block.text === 'string') tally.texts.push(block.text);
      return;
    case 'image':
      tally.fixed += TOKENS_PER_IMAGE;
      return;
    case 'document': {
      const source = block.source as { type?: unknown; data?: unknown; content?: unknown } | undefined;
      if (source?.type === 'text' && typeof source.data === 'string') tally.texts.push(source.data);
      else if (source?.type === 'content') addBlocks(tally, source.content as MessagesContentBlock[]);
      else tally.fixed += TOKENS_PER_DOCUMENT;
      if (typeof block.title === 'string') tally.texts.push(block.title);
      if (typeof block.context === 'string') tally.texts.push(block.context);
      return;
    }
    case 'tool_use':
    case 'server_tool_use':
      if (typeof block.name === 'string') tally.texts.push(block.name);
      tally.texts.push(JSON.stringify(block.input ?? {}));
      return;
    case 'tool_result':
      addBlocks(tally, block.content as string | MessagesContentBlock[] | undefined);
      return;
    // Anthropic does not count thinking from earlier turns toward the input; the signature is
    // opaque state, not prompt.
    case 'thinking':
    case 'redacted_thinking':
      return;
    default:
      // Blocks added after this was written (search results, server tool results): their JSON is
      // a fair upper bound of the text they carry.
      tally.texts.push(JSON.stringify(block));
  }
}

/**
 * Loads the tokenizer's ranks (0.3 s or more, once per process). Counting calls it on first use;
 * a start that expects Messages traffic may call it early so the first count does not wait.
 */
export function preloadTokenizer(): Promise<Tokenizer> {
  tokenizer ??= import('gpt-tokenizer');
  return tokenizer;
}

/** Tokens of `text`: exact up to the limit, else sampled from evenly spread windows and scaled. */
export function countTextTokens(countTokens: Tokenizer['countTokens'], text: string): number {
  if (text.length <= EXACT_CHARACTER_LIMIT) return countTokens(text);
  const window = Math.floor(EXACT_CHARACTER_LIMIT / SAMPLE_WINDOWS);
  const stride = Math.floor(text.length / SAMPLE_WINDOWS);
  let sampled = 0;
  for (let index = 0; index < SAMPLE_WINDOWS; index++)
    sampled += countTokens(text.slice(index * stride, index * stride + window));
  return Math.ceil((sampled * text.length) / (window * SAMPLE_WINDOWS));
}

/**
 * The prompt tokens of an Anthropic Messages body as it arrived, for models whose provider has
 * no counting endpoint (or whose counter failed): system, every message's text, tool calls and
 * results, and the tool definitions through the tokenizer, plus the fixed allowances above.
 * An estimate for any model but OpenAI's; never billed.
 */
export async function countTokensLocally(body: CountTokensBody): Promise<number> {
  const tally: Tally = { texts: [], fixed: 0 };
  addBlocks(tally, body.system);
  for (const message of body.messages) {
    tally.fixed += TOKENS_PER_MESSAGE;
    addBlocks(tally, message.content);
  }
  const tools = Array.isArray(body.tools) ? body.tools : [];
  if (tools.length > 0) {
    tally.fixed += TOKENS_FOR_TOOL_USE;
    for (const tool of tools) {
      if (typeof tool.name === 'string') tally.texts.push(tool.name);
      if (typeof tool.description === 'string') tally.texts.push(tool.description);
      // Server tools (web search, code execution) have no schema; their definition stands in.
      tally.texts.push(JSON.stringify(tool.input_schema ?? tool));
    }
  }
  if (tally.texts.length === 0) return tally.fixed;
  const { countTokens } = await preloadTokenizer();
  return tally.fixed + countTextTokens(countTokens, tally.texts.join('\n'));
}
