/**
 * An upstream answer (a whole body, or one SSE event) grew past the gateway's limit while being
 * read. Thrown by the reader the moment the limit is crossed, so nothing more is buffered.
 */
export class UpstreamAnswerTooLargeError extends Error {
  readonly code = 'UPSTREAM_ANSWER_TOO_LARGE';

  constructor(
    readonly what: 'answer' | 'SSE event' | 'event stream message',
    readonly limit: number,
  ) {
    super(`the upstream's ${what} exceeded the gateway's limit of ${limit} ${what === 'SSE event' ? 'characters' : 'bytes'}`);
    this.name = 'UpstreamAnswerTooLargeError';
  }
}
