import { type EmbeddingsRequest, invalidRequest } from '@switchboard/protocol';

/** The texts of an OpenAI embeddings request. Gemini embeds text only, so token arrays are refused. */
export function readEmbeddingsInput(request: EmbeddingsRequest): string[] {
  const input = request.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((item) => typeof item === 'string')) return input as string[];
  if (Array.isArray(input) && input.length === 0) throw invalidRequest('input must not be empty', 'input');
  throw invalidRequest('Gemini embeddings accept text input only (a string or an array of strings), not token arrays', 'input');
}
