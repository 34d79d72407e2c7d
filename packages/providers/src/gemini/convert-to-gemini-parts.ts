import { type ContentPart, invalidRequest } from '@switchboard/protocol';
import type { GeminiPart } from './gemini-api';

// Gemini needs a MIME type for every file it fetches; OpenAI image parts carry only a URL.
// A Map: the extension comes from the client's URL (`x.constructor` must not find Object's).
const MIME_TYPES_BY_EXTENSION = new Map<string, string>([
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['heic', 'image/heic'],
  ['heif', 'image/heif'],
  ['pdf', 'application/pdf'],
]);

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*),(.*)$/s;

function guessMimeType(url: URL): string {
  const extension = url.pathname.split('.').pop()?.toLowerCase() ?? '';
  return MIME_TYPES_BY_EXTENSION.get(extension) ?? 'image/jpeg';
}

function dataUrlToPart(url: string, fallbackMimeType: string): GeminiPart {
  const match = DATA_URL.exec(url);
  if (!match) throw invalidRequest('malformed data: URL in a content part', 'messages');
  const [, mimeType, parameters = '', payload = ''] = match;
  const isBase64 = parameters.split(';').includes('base64');
  // Gemini wants base64 either way; a percent-encoded data URL is re-encoded.
  const data = isBase64 ? payload : Buffer.from(decodeURIComponent(payload), 'utf8').toString('base64');
  return { inlineData: { mimeType: mimeType || fallbackMimeType, data } };
}

function urlToPart(url: string): GeminiPart {
  if (url.startsWith('data:')) return dataUrlToPart(url, 'image/jpeg');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest(`invalid image URL: ${url.slice(0, 100)}`, 'messages');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidRequest('image URLs must be http(s) or data: URLs', 'messages');
  }
  return { fileData: { fileUri: url, mimeType: guessMimeType(parsed) } };
}

function recordField(value: unknown, field: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[field] : undefined;
}

function partToGemini(part: ContentPart): GeminiPart {
  if (part.type === 'text') {
    const text = recordField(part, 'text');
    return { text: typeof text === 'string' ? text : '' };
  }
  if (part.type === 'refusal') {
    const refusal = recordField(part, 'refusal');
    return { text: typeof refusal === 'string' ? refusal : '' };
  }
  if (part.type === 'image_url') {
    const url = recordField(recordField(part, 'image_url'), 'url');
    if (typeof url !== 'string') throw invalidRequest('image_url part without a url', 'messages');
    return urlToPart(url);
  }
  if (part.type === 'input_audio') {
    const audio = recordField(part, 'input_audio');
    const data = recordField(audio, 'data');
    const format = recordField(audio, 'format');
    if (typeof data !== 'string') throw invalidRequest('input_audio part without data', 'messages');
    return { inlineData: { mimeType: `audio/${typeof format === 'string' ? format : 'wav'}`, data } };
  }
  if (part.type === 'file') {
    const fileData = recordField(recordField(part, 'file'), 'file_data');
    if (typeof fileData !== 'string' || !fileData.startsWith('data:')) {
      throw invalidRequest('Gemini accepts file parts only as inline file_data data: URLs', 'messages');
    }
    return dataUrlToPart(fileData, 'application/pdf');
  }
  // Dropping an unknown part would change the prompt silently; refuse instead.
  throw invalidRequest(`content part type '${part.type}' is not supported by Gemini`, 'messages');
}

/** OpenAI message content (a string or content parts) as Gemini parts. */
export function convertToGeminiParts(content: string | ContentPart[] | null | undefined): GeminiPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ text: content }] : [];
  // Gemini rejects empty text parts.
  return content.map(partToGemini).filter((part) => part.text !== '');
}
