import type { ChatMessage } from '@switchboard/protocol';

// A deliberately cheap estimate for routing and admission (context-window checks, expected cost):
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
