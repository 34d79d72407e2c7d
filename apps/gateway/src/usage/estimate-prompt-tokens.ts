import type { ChatMessage } from '@switchboard/protocol';
import { SampledText } from '@switchboard/providers';
import { estimateTextTokens } from '@switchboard/usage';

// OpenAI's published accounting for chat prompts: a few tokens of framing per message and for
// the reply's start; an image is billed by its tiles, so a flat allowance stands in for it here.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_FOR_REPLY = 3;
const TOKENS_PER_IMAGE = 765;

/**
 * The prompt's tokens, for billing a request whose provider reported no usage (a stream cut
 * before its usage, a client that left): the text of every message, tool call and tool
 * definition through a tokenizer (sampled past 16 KiB), plus the framing and image allowances.
 */
export async function estimatePromptTokens(messages: ChatMessage[], tools: unknown): Promise<number> {
  const text = new SampledText();
  let fixed = TOKENS_FOR_REPLY;
  for (const message of messages) {
    fixed += TOKENS_PER_MESSAGE;
    text.add(message.role);
    const content = message.content;
    if (typeof content === 'string') text.add(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (part.type === 'text' && typeof part.text === 'string') text.add(part.text);
        else if (part.type === 'image_url') fixed += TOKENS_PER_IMAGE;
      }
    }
    if (message.tool_calls) text.add(JSON.stringify(message.tool_calls));
  }
  if (tools !== undefined) text.add(JSON.stringify(tools));
  return fixed + (await estimateTextTokens(text.sample, text.characters));
}
