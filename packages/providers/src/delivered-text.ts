/** Characters of delivered text kept verbatim for a tokenizer to sample; the rest is only counted. */
const SAMPLE_LIMIT = 16_384;

/**
 * What a stream delivered to the client, for estimating output tokens when the provider never
 * reports usage (a cut stream, a client that left): every character counted, and the first
 * 16 KiB kept so a tokenizer can measure the text's tokens per character without holding, or
 * tokenizing, an answer of any length.
 */
export class DeliveredText {
  characters = 0;
  sample = '';

  add(text: string): void {
    this.characters += text.length;
    if (this.sample.length < SAMPLE_LIMIT) this.sample += text.slice(0, SAMPLE_LIMIT - this.sample.length);
  }
}
