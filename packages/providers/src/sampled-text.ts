/** Characters kept verbatim for a tokenizer to sample; the rest is only counted. */
const SAMPLE_LIMIT = 16_384;

/**
 * Text to estimate tokens for when a provider never reports usage (a cut stream, a client that
 * left): what a stream delivered, or a prompt. Every character is counted and the first 16 KiB
 * kept, so a tokenizer can measure the text's tokens per character without holding, or
 * tokenizing, a text of any length.
 */
export class SampledText {
  characters = 0;
  sample = '';

  add(text: string): void {
    this.characters += text.length;
    if (this.sample.length < SAMPLE_LIMIT) this.sample += text.slice(0, SAMPLE_LIMIT - this.sample.length);
  }
}
