import { UNSIGNED_THINKING_SIGNATURE } from '@switchboard/protocol';
import type { NativeRequest } from '../provider-adapter';

type Block = { type?: unknown; signature?: unknown };
type Message = { role?: unknown; content?: unknown };

function isUnsignedThinking(block: unknown): boolean {
  const candidate = block as Block;
  return candidate?.type === 'thinking' && candidate.signature === UNSIGNED_THINKING_SIGNATURE;
}

/**
 * The client's Messages body for a native upstream, without the thinking blocks the gateway
 * itself wrote for a provider that signs nothing (their signature is our marker). Replayed to
 * Anthropic they would be refused as forged; their text meant nothing to Anthropic anyway. The
 * only edit native passthrough makes beyond DESIGN.md's list, so a conversation can move from a
 * translated provider to Claude; bodies without the marker come back as the same object.
 */
export function stripUnsignedThinking(native: NativeRequest): NativeRequest {
  const messages = native.body.messages;
  if (!Array.isArray(messages)) return native;
  let changed: unknown[] | undefined;
  for (let index = 0; index < messages.length; index++) {
    const message = messages[index] as Message;
    if (message?.role !== 'assistant' || !Array.isArray(message.content)) continue;
    if (!message.content.some(isUnsignedThinking)) continue;
    changed ??= messages.slice();
    changed[index] = { ...message, content: message.content.filter((block) => !isUnsignedThinking(block)) };
  }
  return changed ? { ...native, body: { ...native.body, messages: changed } } : native;
}
