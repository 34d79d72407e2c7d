import { UpstreamAnswerTooLargeError } from '@switchboard/providers';
import type { CancelSignal } from '../http/cancel-signal';
import type { UpstreamTextResponse } from './upstream-client';

/** The first value of a response header in undici's raw `[name, value, ...]` list. */
function headerValue(rawHeaders: Buffer[], wanted: string): string | undefined {
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if (rawHeaders[index]!.toString('latin1').toLowerCase() === wanted) return rawHeaders[index + 1]!.toString('latin1');
  }
  return undefined;
}

/**
 * An undici dispatch handler that collects a whole answer as text (see UpstreamClient.sendForText).
 * A class with prototype methods rather than an object of closures: nothing but this object and
 * one bound abort listener is created per request.
 */
export class WholeAnswerCollector {
  readonly #signal: CancelSignal;
  readonly #errorBodyLimit: number;
  readonly #answerLimit: number;
  readonly #resolve: (response: UpstreamTextResponse) => void;
  readonly #reject: (error: unknown) => void;
  readonly #onAbort: () => void;
  #chunks: Buffer[] = [];
  #length = 0;
  #statusCode = 0;
  #retryAfter: string | undefined = undefined;
  #abortRequest: ((reason: unknown) => void) | undefined = undefined;
  #finished = false;

  constructor(
    signal: CancelSignal,
    errorBodyLimit: number,
    resolve: (response: UpstreamTextResponse) => void,
    reject: (error: unknown) => void,
    answerLimit = Number.POSITIVE_INFINITY,
  ) {
    this.#signal = signal;
    this.#errorBodyLimit = errorBodyLimit;
    this.#answerLimit = answerLimit;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#onAbort = this.#abort.bind(this);
    signal.once('abort', this.#onAbort);
  }

  onConnect(abort: (reason: unknown) => void): void {
    if (this.#signal.aborted) abort(this.#signal.reason);
    else this.#abortRequest = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // 1xx interim answers are not the response.
    if (statusCode < 200) return true;
    this.#statusCode = statusCode;
    if (this.#failed()) this.#retryAfter = headerValue(rawHeaders, 'retry-after');
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#finished) return true;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
    if (this.#failed()) {
      if (this.#length > this.#errorBodyLimit * 4) {
        // Enough of a hostile error body (a character is at most 4 UTF-8 bytes): drop the rest.
        this.#settle();
        this.#abortRequest?.(new Error('upstream error body too large'));
      }
    } else if (this.#length > this.#answerLimit) {
      // Past the limit the answer is refused whole: free what was read and stop reading now.
      this.#chunks = [];
      this.#finish();
      const error = new UpstreamAnswerTooLargeError('answer', this.#answerLimit);
      this.#abortRequest?.(error);
      this.#reject(error);
    }
    return true;
  }

  onComplete(): void {
    if (!this.#finished) this.#settle();
  }

  onError(error: Error): void {
    if (this.#finished) return;
    // A failed answer keeps its status even when its body breaks, as readErrorBody does.
    if (this.#failed()) this.#settle();
    else {
      this.#finish();
      this.#reject(error);
    }
  }

  #abort(): void {
    this.#abortRequest?.(this.#signal.reason);
  }

  #failed(): boolean {
    return this.#statusCode !== 0 && (this.#statusCode < 200 || this.#statusCode >= 300);
  }

  #finish(): void {
    this.#finished = true;
    this.#signal.off('abort', this.#onAbort);
  }

  #settle(): void {
    this.#finish();
    let text: string;
    try {
      text = this.#text();
    } catch (error) {
      // A body the string conversion refuses (too long for a string) must still settle.
      this.#reject(error);
      return;
    } finally {
      this.#chunks = [];
    }
    this.#resolve({
      statusCode: this.#statusCode,
      retryAfter: this.#retryAfter,
      text: this.#failed() ? text.slice(0, this.#errorBodyLimit) : text,
    });
  }

  /** The body as UTF-8, a byte order mark skipped as undici's body.text() does. */
  #text(): string {
    if (this.#length === 0) return '';
    const buffer = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#length);
    const start = buffer.length > 2 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    return buffer.toString('utf8', start);
  }
}
