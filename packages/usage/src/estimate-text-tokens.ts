type Tokenizer = typeof import('gpt-tokenizer');

let tokenizer: Promise<Tokenizer> | undefined;

/** Characters per token when no text sample exists to measure: the usual rule of thumb. */
const CHARACTERS_PER_TOKEN = 4;

/**
 * Tokens in a text of `totalCharacters`, estimated with a BPE tokenizer (o200k, GPT-4o's) over
 * `sample`, its beginning, scaled to the whole length. Only estimates need it (the provider's own
 * count is always preferred), so the tokenizer loads on first use, and a bounded sample keeps
 * the event loop from tokenizing an answer of any size.
 */
export async function estimateTextTokens(sample: string, totalCharacters: number): Promise<number> {
  if (totalCharacters <= 0) return 0;
  if (sample.length === 0) return Math.ceil(totalCharacters / CHARACTERS_PER_TOKEN);
  tokenizer ??= import('gpt-tokenizer');
  const { countTokens } = await tokenizer;
  const sampleTokens = countTokens(sample);
  if (sample.length >= totalCharacters) return sampleTokens;
  return Math.ceil((sampleTokens * totalCharacters) / sample.length);
}
