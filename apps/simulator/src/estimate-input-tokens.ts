/**
 * The simulator's deterministic token rule: a quarter token per character, rounded up, plus three
 * tokens of framing per message. Not a tokenizer; stable, cheap, and easy to assert on.
 */
export function estimateInputTokens(characters: number, messages: number): number {
  return Math.ceil(characters / 4) + 3 * messages;
}
