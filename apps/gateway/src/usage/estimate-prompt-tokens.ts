import type { ChatMessage } from '@switchboard/protocol';
import { estimateTextTokens } from '@switchboard/usage';

// OpenAI's published accounting for chat prompts: a few tokens of framing per message and for
// the reply's start; an image is billed by its tiles, so a flat allowance stands in for it here.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_FOR_REPLY = 3;
const TOKENS_PER_IMAGE = 765;
const SAMPLE_LIMIT = 16_384;

/**
 * The prompt's tokens, for billing a request whose provider reported no usage (a stream cut
 * before its usage, a client that left): the text of every message, tool call and tool
 * definition through a tokenizer (sampled past 16 KiB), plus the framing and image allowances.
 */
export async function estimatePromptTokens(messages: ChatMessage[], tools: unknown): Promise<number> {
  let sample = '';
  let characters = 0;
  let fixed = TOKENS_FOR_REPLY;
  const add = (text: string) => {
    characters += text.length;
    if (sample.length < SAMPLE_LIMIT) sample += text.slice(0, SAMPLE_LIMIT - sample.length);
  };
  for (const message of messages) {
    fixed += TOKENS_PER_MESSAGE;
    add(message.role);
    const content = message.content;
    if (typeof content === 'string') add(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text' && typeof part.text === 'string') add(part.text);
        else if (part.type === 'image_url') fixed += TOKENS_PER_IMAGE;
      }
    }
    if (message.tool_calls) add(JSON.stringify(message.tool_calls));
  }
  if (tools !== undefined) add(JSON.stringify(tools));
  return fixed + (await estimateTextTokens(sample, characters));
}
