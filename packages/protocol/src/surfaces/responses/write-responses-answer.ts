import type { StreamPart } from '../../exchange/stream-part';
import { ResponsesOutputBuilder } from './responses-output-builder';
import type { ResponsesAnswerMeta } from './responses-response-base';
import type { ResponsesResponse } from './responses-types';

/**
 * The whole Responses answer from an answer's parts: the same output items, status and usage as
 * the final response of the stream the same parts make (one builder writes both). Whole answers
 * always arrive whole, so parts without a `finish` are closed as completed. An `error` part
 * makes a `failed` response; the caller usually answers that with the surface's error response
 * instead.
 */
export function writeResponsesAnswer(parts: readonly StreamPart[], meta: ResponsesAnswerMeta): ResponsesResponse {
  const builder = new ResponsesOutputBuilder(meta);
  for (const part of parts) builder.push(part);
  if (!builder.ended) builder.push({ type: 'finish', reason: 'other' });
  return builder.response as ResponsesResponse;
}
