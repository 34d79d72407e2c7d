import { type ChatMessage, type ContentPart, invalidRequest } from '@switchboard/protocol';
import { convertToGeminiParts } from './convert-to-gemini-parts';
import type { GeminiContent, GeminiPart, GeminiRole } from './gemini-api';

/**
 * Google's documented placeholder for a replayed function call whose real thought signature is
 * lost: OpenAI clients cannot carry signatures back, and Gemini 3 rejects calls without one.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export interface ConvertToGeminiContentsOptions {
  /** Put SKIP_THOUGHT_SIGNATURE on the first function call of each replayed assistant turn. */
  signFunctionCalls: boolean;
}

export interface GeminiContents {
  systemInstruction?: { parts: GeminiPart[] };
  contents: GeminiContent[];
}

function textOf(content: string | ContentPart[] | null | undefined, what: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => {
      if (part.type !== 'text' || typeof part.text !== 'string')
        throw invalidRequest(`${what} may only contain text`, 'messages');
      return part.text;
    })
    .join('');
}

function parseArguments(serialized: string, name: string): Record<string, unknown> {
  if (serialized.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw invalidRequest(`arguments of the '${name}' tool call are not valid JSON`, 'messages');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalidRequest(`arguments of the '${name}' tool call must be a JSON object`, 'messages');
  }
  return parsed as Record<string, unknown>;
}

/** Gemini's functionResponse.response must be an object: other JSON values and plain text are wrapped. */
function toFunctionResponse(result: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(result);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    return { result: parsed };
  } catch {
    return { result };
  }
}

/**
 * OpenAI chat messages as Gemini contents. System and developer messages become the system
 * instruction; assistant turns become `model` turns; tool results become functionResponse parts
 * in a user turn. Gemini wants user and model turns to alternate, so neighbours of the same role
 * are merged.
 */
export function convertToGeminiContents(messages: ChatMessage[], options: ConvertToGeminiContentsOptions): GeminiContents {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const toolNamesById = new Map<string, string>();

  const append = (role: GeminiRole, parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content, 'system messages');
        if (text.length > 0) systemParts.push({ text });
        break;
      }
      case 'user':
        append('user', convertToGeminiParts(message.content));
        break;
      case 'assistant': {
        const parts = convertToGeminiParts(message.content);
        for (const [index, call] of (message.tool_calls ?? []).entries()) {
          toolNamesById.set(call.id, call.function.name);
          const part: GeminiPart = {
            functionCall: { name: call.function.name, args: parseArguments(call.function.arguments, call.function.name) },
          };
          if (index === 0 && options.signFunctionCalls) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
          parts.push(part);
        }
        append('model', parts);
        break;
      }
      case 'tool':
      case 'function': {
        const callId = message.tool_call_id;
        const name = (callId === undefined ? undefined : toolNamesById.get(callId)) ?? message.name;
        if (typeof name !== 'string' || name.length === 0) {
          throw invalidRequest(`tool message refers to an unknown tool_call_id '${callId ?? ''}'`, 'messages');
        }
        const response = toFunctionResponse(textOf(message.content, 'tool messages'));
        append('user', [{ functionResponse: { name, response } }]);
        break;
      }
      default:
        throw invalidRequest(`unsupported message role '${String(message.role)}'`, 'messages');
    }
  }

  const result: GeminiContents = { contents };
  if (systemParts.length > 0) result.systemInstruction = { parts: systemParts };
  return result;
}
