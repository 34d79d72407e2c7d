import type { StreamTranslator, UpstreamStreamError } from '@switchboard/providers';
import { containsSecret, redactSecret } from './redact-secret';

/**
 * The writer-side redactor of a streamed answer: wraps the translator whose output goes to the
 * client so no spelling of the provider key it was called with gets through, in error frames and
 * ordinary ones alike. Cheap on the hot path: an ordinary frame costs containsSecret (one
 * case-insensitive search and one or two indexOf); the replacing pass runs on frames once the
 * upstream reported an error, which is where providers echo keys, and on any frame that holds one.
 */
export class RedactingStreamTranslator implements StreamTranslator {
  private readonly secrets: string[];

  constructor(
    private readonly inner: StreamTranslator,
    private readonly secret: string,
    /** The secret parts of a compound key (the adapter's `secretPieces`). */
    private readonly pieces: readonly string[] = [],
  ) {
    this.secrets = [secret, ...pieces].filter((each) => each.length >= 8);
  }

  push(text: string): string {
    return this.redact(this.inner.push(text));
  }

  end(): string {
    return this.redact(this.inner.end());
  }

  get upstreamError(): UpstreamStreamError | undefined {
    const error = this.inner.upstreamError;
    if (error === undefined || this.secrets.length === 0) return error;
    return { ...error, message: redactSecret(error.message, this.secret, this.pieces) };
  }

  get upstreamId() {
    return this.inner.upstreamId;
  }

  get usage() {
    return this.inner.usage;
  }

  get done() {
    return this.inner.done;
  }

  get deliveredCharacters() {
    return this.inner.deliveredCharacters;
  }

  get deliveredSample() {
    return this.inner.deliveredSample;
  }

  private redact(output: string): string {
    if (output.length === 0 || this.secrets.length === 0) return output;
    if (this.inner.upstreamError === undefined && !this.secrets.some((secret) => containsSecret(output, secret))) {
      return output;
    }
    return redactSecret(output, this.secret, this.pieces);
  }
}
