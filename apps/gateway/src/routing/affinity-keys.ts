import { hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ChatMessage } from '@switchboard/protocol';

// Claude Code (2.1.86 and later) sends x-claude-code-session-id; Codex 0.171 sends its thread as
// `session-id` (and `thread-id`; older builds `session_id` or `conversation_id`); other clients
// use x-session-id.
export const SESSION_HEADERS = [
  'x-claude-code-session-id',
  'x-session-id',
  'session-id',
  'thread-id',
  'session_id',
  'conversation_id',
] as const;

const MAX_NAME_LENGTH = 512;
/** Marks the lead-message key, which only a continuing conversation looks up (see leadFree). */
const LEAD = '\u0000lead:';
// Characters of the system prompt and of the first user message that the lead hash reads (their
// lengths are hashed too): the opening message tells conversations apart more than the system
// prompt, which one app repeats in all of them. Measured: SHA-1 of 4 KiB costs ~8 µs here, of
// 1.5 KiB under 3 µs (bench/router/affinity-bench.ts).
const SYSTEM_CHARACTERS = 512;
const HASHED_CHARACTERS = 1024;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length <= MAX_NAME_LENGTH ? first : undefined;
}

function textOf(message: ChatMessage): string {
  const content = message.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof (part as { text?: unknown }).text === 'string') text += (part as { text: string }).text;
    if (text.length >= HASHED_CHARACTERS) break;
  }
  return text;
}

/** What the client sent that names its conversation (the fields of the chat request routing sees). */
export interface ConversationFields {
  messages?: readonly ChatMessage[];
  user?: unknown;
  prompt_cache_key?: unknown;
}

/**
 * The names a conversation goes by, most specific first, scoped to the gateway key (one tenant's
 * names never steer another's): its `prompt_cache_key`, a session header, the `user` (Anthropic's
 * `metadata.user_id` arrives as `user`; Claude Code's carries its session), and a hash of its
 * leading messages (system prompt and first user message), which every turn of it repeats.
 */
export function affinityKeys(ownerKeyId: string, fields: ConversationFields, headers: IncomingHttpHeaders): string[] {
  const keys: string[] = [];
  const cacheKey = fields.prompt_cache_key;
  if (typeof cacheKey === 'string' && cacheKey.length > 0 && cacheKey.length <= MAX_NAME_LENGTH) {
    keys.push(`${ownerKeyId}\u0000cache:${cacheKey}`);
  }
  for (const name of SESSION_HEADERS) {
    const value = header(headers, name);
    if (value) {
      keys.push(`${ownerKeyId}\u0000session:${value}`);
      break;
    }
  }
  if (typeof fields.user === 'string' && fields.user.length > 0 && fields.user.length <= MAX_NAME_LENGTH) {
    keys.push(`${ownerKeyId}\u0000user:${fields.user}`);
  }
  const lead = fields.messages ? leadHash(fields.messages) : undefined;
  if (lead) keys.push(`${ownerKeyId}${LEAD}${lead}`);
  return keys;
}

/**
 * The keys a first turn looks up: all but the lead hash. Identical one-shot prompts (a batch
 * job, a benchmark) share a lead and would otherwise all pile onto one provider; a first turn is
 * still remembered under its lead, so its second turn finds the warm account.
 */
export function leadFree(keys: readonly string[]): readonly string[] {
  const last = keys.at(-1);
  return last?.includes(LEAD) ? keys.slice(0, -1) : keys;
}

/** Whether the conversation has had an answer already (an assistant or tool turn): only then can a peer know it. */
export function isContinuing(messages: readonly ChatMessage[] | undefined): boolean {
  if (!messages) return false;
  for (const message of messages) if (message.role === 'assistant' || message.role === 'tool') return true;
  return false;
}

function leadHash(messages: readonly ChatMessage[]): string | undefined {
  let system = '';
  let firstUser: string | undefined;
  for (const message of messages) {
    if (message.role === 'system' || message.role === 'developer') {
      if (system.length < SYSTEM_CHARACTERS) system += textOf(message);
    } else if (message.role === 'user') {
      firstUser = textOf(message);
      break;
    }
  }
  if (firstUser === undefined) return undefined;
  // Not a secret: a short, stable name (the one-shot crypto.hash skips createHash's object).
  return hash(
    'sha1',
    `${system.length}:${system.slice(0, SYSTEM_CHARACTERS)}\u0000${firstUser.length}:${firstUser.slice(0, HASHED_CHARACTERS)}`,
    'base64url',
  );
}
