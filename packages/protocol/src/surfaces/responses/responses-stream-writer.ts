import { SSE_KEEP_ALIVE_COMMENT } from '../../exchange/sse-keep-alive-comment';
import type { StreamErrorDetails, StreamPart, SurfaceStreamWriter } from '../../exchange/stream-part';
import { ResponsesOutputBuilder } from './responses-output-builder';
import type { ResponsesAnswerMeta } from './responses-response-base';
import type { ResponsesResponse } from './responses-types';
import { toResponsesStreamFailure } from './to-responses-failure';

export type ResponsesStreamWriterOptions = ResponsesAnswerMeta;

/**
 * Parts -> OpenAI's Responses event stream: `event: <type>` and `data: <json>` per event, each
 * with a `sequence_number` from 0; `response.created` and `response.in_progress`, then every
 * output item's `output_item.added` ... `output_item.done`, then exactly one of
 * `response.completed`, `response.incomplete` or `response.failed`, and no `[DONE]`. Codex
 * retries a whole turn when a stream ends with none of the three, so `fail()` always writes one.
 */
export class ResponsesStreamWriter implements SurfaceStreamWriter {
  private readonly builder: ResponsesOutputBuilder;
  private pending = '';

  constructor(options: ResponsesStreamWriterOptions) {
    this.builder = new ResponsesOutputBuilder(options, (event) => {
      this.pending += `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    });
  }

  /** The final response once the stream ended (completed, incomplete or failed), for storing. */
  get response(): ResponsesResponse | undefined {
    return this.builder.response;
  }

  write(parts: readonly StreamPart[]): string {
    for (const part of parts) {
      if (this.builder.ended) break;
      this.builder.push(part);
    }
    return this.take();
  }

  fail(error: StreamErrorDetails): string {
    this.builder.fail(toResponsesStreamFailure(error));
    return this.take();
  }

  /**
   * Before anything was written, the keep-alive is the stream's real opening
   * (`response.created`, `response.in_progress`): clients see the turn begin, and no comment
   * precedes `response.created`. After it, an SSE comment, which every SSE parser skips.
   */
  keepAlive(): string {
    if (this.builder.ended) return '';
    if (!this.builder.hasStarted) {
      this.builder.start();
      return this.take();
    }
    return SSE_KEEP_ALIVE_COMMENT;
  }

  private take(): string {
    const out = this.pending;
    this.pending = '';
    return out;
  }
}
